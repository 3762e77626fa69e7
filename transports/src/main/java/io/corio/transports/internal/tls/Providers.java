package io.corio.transports.internal.tls;

import io.corio.transports.tls.TlsProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The JSSE providers behind {@link TlsProvider}. BCJSSE is built once, privately (never added to
 * {@code java.security.Security}), on {@link JdkFirstCrypto}, so its ciphers, signatures and key agreement come from
 * the JDK's JCA providers (AES-GCM with the JDK's intrinsics).
 */
final class Providers {
    /** Held strongly: java.util.logging forgets the level of a logger that was garbage-collected. */
    private static final Logger BC_LOGGER = Logger.getLogger("org.bouncycastle.jsse");

    private static final class Bc {
        static final Provider PROVIDER;

        static {
            if (BC_LOGGER.getLevel() == null) {
                BC_LOGGER.setLevel(Level.WARNING); // its INFO lines cost ~15 ms per handshake
            }
            PROVIDER = new BouncyCastleJsseProvider(false, new JdkFirstCrypto());
        }
    }

    private Providers() {
    }

    static SSLContext sslContext(TlsProvider provider) throws GeneralSecurityException {
        return switch (provider) {
            case BCJSSE -> SSLContext.getInstance("TLS", Bc.PROVIDER);
            case SUNJSSE -> SSLContext.getInstance("TLS", "SunJSSE");
        };
    }
}
