package io.corio.transports.internal.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's PKIX path validation plus Corio's own validity and hostname checks, each failing with a message that
 * says what is wrong ("certificate expired", "untrusted certificate", "hostname mismatch"). Hostname verification
 * is done here rather than by the engine's endpoint identification so that BCJSSE and SunJSSE behave and word
 * failures the same way. The checked name is the engine's peer host (the {@code serverHostname} of the client).
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;
    private final boolean verifyHostname;

    VerifyingTrustManager(X509TrustManager pkix, boolean verifyHostname) {
        this.pkix = pkix;
        this.verifyHostname = verifyHostname;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServer(chain, authType, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServer(chain, authType, socket == null ? null : socket.getInetAddress().getHostName());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, authType, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkValidity(chain, "client");
        try {
            pkix.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw untrusted(chain, "client", e);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private void checkServer(X509Certificate[] chain, String authType, String host) throws CertificateException {
        checkValidity(chain, "server");
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw untrusted(chain, "server", e);
        }
        if (verifyHostname) {
            if (host == null) {
                throw new TlsCertificateException("hostname verification is on but no server hostname was given "
                        + "(pass serverHostname, or turn verification off explicitly)", null);
            }
            checkHostname(host, chain[0]);
        }
    }

    private static void checkValidity(X509Certificate[] chain, String side) throws CertificateException {
        for (X509Certificate certificate : chain) {
            try {
                certificate.checkValidity();
            } catch (CertificateExpiredException e) {
                throw new TlsCertificateException("certificate expired: the " + side + " certificate "
                        + subject(certificate) + " was valid until " + certificate.getNotAfter().toInstant(), e);
            } catch (CertificateNotYetValidException e) {
                throw new TlsCertificateException("certificate not yet valid: the " + side + " certificate "
                        + subject(certificate) + " is valid from " + certificate.getNotBefore().toInstant(), e);
            }
        }
    }

    private static CertificateException untrusted(X509Certificate[] chain, String side, CertificateException e) {
        X509Certificate leaf = chain[0];
        boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        return new TlsCertificateException("untrusted certificate: unable to find valid certification path from the "
                + side + " certificate " + subject(leaf)
                + (selfSigned ? " (self-signed)" : " (issued by " + leaf.getIssuerX500Principal().getName() + ")")
                + " to a trusted CA", e);
    }

    static void checkHostname(String host, X509Certificate certificate) throws CertificateException {
        String name = normalize(host);
        List<String> names = new ArrayList<>();
        boolean ip = isIpLiteral(name);
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new TlsCertificateException("hostname mismatch: cannot parse the certificate's names", e);
        }
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1));
                if (type == 2) {
                    names.add("DNS:" + value);
                    if (!ip && dnsMatches(name, normalize(value))) {
                        return;
                    }
                } else if (type == 7) {
                    names.add("IP:" + value);
                    if (ip && sameAddress(name, value)) {
                        return;
                    }
                }
            }
        }
        throw new TlsCertificateException("hostname mismatch: expected " + host + ", certificate has "
                + (names.isEmpty() ? "no subject alternative names (" + subject(certificate) + ")" : names), null);
    }

    /** Exact match, or a wildcard {@code *.example.com} standing for exactly one leftmost label. */
    private static boolean dnsMatches(String host, String pattern) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1); // ".example.com"
            int dot = host.indexOf('.');
            return suffix.indexOf('.', 1) > 0 && dot > 0 && host.substring(dot).equals(suffix);
        }
        return host.equals(pattern);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String normalize(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
