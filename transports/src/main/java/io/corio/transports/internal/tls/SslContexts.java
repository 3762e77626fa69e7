package io.corio.transports.internal.tls;

import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.TlsProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the {@link SSLContext} behind a {@code TlsContext}: Corio's key and trust managers on one provider. */
public final class SslContexts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SslContexts() {
    }

    /**
     * @param defaultKey     presented when no SNI entry matches (servers), or the client certificate; may be null
     * @param sni            lower-case host name (or {@code *.domain}) to key, servers only
     * @param trustStore     the CAs to trust, or null for the JDK's default trust store ({@code cacerts})
     * @param verifyHostname clients: check the server certificate against the server hostname
     */
    public static SSLContext create(TlsProvider provider, CertifiedKey defaultKey, Map<String, CertifiedKey> sni,
                                    KeyStore trustStore, boolean verifyHostname) throws IOException {
        try {
            var trustFactory = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            trustFactory.init(trustStore);
            X509TrustManager pkix = null;
            for (TrustManager manager : trustFactory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    pkix = x509;
                }
            }
            KeyManager[] keys = defaultKey == null && sni.isEmpty() ? null
                    : new KeyManager[]{new SniKeyManager(defaultKey, sni)};
            SSLContext context = Providers.sslContext(provider);
            // an explicit SecureRandom: without one BCJSSE asks JCA for "DEFAULT", which only the BC provider has
            context.init(keys, new TrustManager[]{new VerifyingTrustManager(pkix, verifyHostname)}, RANDOM);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + provider + ": " + e.getMessage(), e);
        }
    }
}
