package io.corio.transports.internal.tls;

import io.corio.transports.tls.CertifiedKey;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one of several certificates: the one registered for the SNI host name the client asked for (exact, or a
 * {@code *.example.com} entry), else the default. Aliases are {@code "default"} and {@code "sni:<host>"}.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private static final String DEFAULT = "default";
    private static final String SNI = "sni:";

    private final CertifiedKey defaultKey;
    private final Map<String, CertifiedKey> byHost;

    /** @param byHost lower-case host names (or {@code *.domain}) to keys */
    SniKeyManager(CertifiedKey defaultKey, Map<String, CertifiedKey> byHost) {
        this.defaultKey = defaultKey;
        this.byHost = Map.copyOf(byHost);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String host = requestedHost(engine);
        String alias = host == null ? null : aliasFor(host);
        if (alias == null && defaultKey != null) {
            alias = DEFAULT;
        }
        return alias != null && fits(keyType, key(alias)) ? alias : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return chooseEngineServerAlias(keyType, issuers, null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        if (defaultKey == null) {
            return null;
        }
        for (String keyType : keyTypes) {
            if (fits(keyType, defaultKey)) {
                return DEFAULT;
            }
        }
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseEngineClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        var aliases = new ArrayList<String>();
        if (defaultKey != null && fits(keyType, defaultKey)) {
            aliases.add(DEFAULT);
        }
        byHost.forEach((host, key) -> {
            if (fits(keyType, key)) {
                aliases.add(SNI + host);
            }
        });
        return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return defaultKey != null && fits(keyType, defaultKey) ? new String[]{DEFAULT} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey key = key(alias);
        return key == null ? null : key.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey key = key(alias);
        return key == null ? null : key.key();
    }

    private CertifiedKey key(String alias) {
        if (DEFAULT.equals(alias)) {
            return defaultKey;
        }
        return alias != null && alias.startsWith(SNI) ? byHost.get(alias.substring(SNI.length())) : null;
    }

    private String aliasFor(String host) {
        if (byHost.containsKey(host)) {
            return SNI + host;
        }
        int dot = host.indexOf('.');
        if (dot > 0) {
            String wildcard = "*" + host.substring(dot);
            if (byHost.containsKey(wildcard)) {
                return SNI + wildcard;
            }
        }
        return null;
    }

    private static String requestedHost(SSLEngine engine) {
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        List<SNIServerName> names = extended.getRequestedServerNames();
        for (SNIServerName name : names) {
            if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                String ascii = name instanceof SNIHostName h ? h.getAsciiName()
                        : new SNIHostName(name.getEncoded()).getAsciiName();
                return ascii.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * Whether the key can serve a JSSE key type. SunJSSE asks for "EC", "RSA", "RSASSA-PSS"; TLS 1.2 cipher
     * suite forms such as "ECDHE_ECDSA" or "EC_EC" end with the signing key's type; BCJSSE's TLS 1.3 form names
     * the curve too ("EC/secp256r1").
     */
    static boolean fits(String keyType, CertifiedKey key) {
        if (key == null) {
            return false;
        }
        if (keyType == null) {
            return true;
        }
        String type = keyType.toUpperCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash >= 0) {
            if (!curveFits(type.substring(slash + 1), key)) {
                return false;
            }
            type = type.substring(0, slash);
        }
        int underscore = type.lastIndexOf('_');
        if (underscore >= 0) {
            type = type.substring(underscore + 1);
        }
        return switch (key.key().getAlgorithm()) {
            case "EC" -> type.equals("EC") || type.equals("ECDSA");
            case "RSA" -> type.equals("RSA") || type.equals("RSASSA-PSS");
            case "RSASSA-PSS" -> type.equals("RSASSA-PSS");
            case "EdDSA", "Ed25519", "Ed448" -> type.startsWith("ED");
            default -> type.equals(key.key().getAlgorithm().toUpperCase(Locale.ROOT));
        };
    }

    private static boolean curveFits(String curve, CertifiedKey key) {
        if (!(key.certificate().getPublicKey() instanceof ECKey ec)) {
            return true;
        }
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        return switch (curve) {
            case "SECP256R1" -> bits == 256;
            case "SECP384R1" -> bits == 384;
            case "SECP521R1" -> bits == 521;
            default -> false;
        };
    }
}
