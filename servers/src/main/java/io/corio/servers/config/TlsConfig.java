package io.corio.servers.config;

import io.corio.transports.tls.ClientAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A listener's {@code tls:} block. Turned into an {@code io.corio.transports.tls.TlsContext} at startup, so a
 * missing or bad certificate fails then, with the file named.
 *
 * @param cert PEM certificate chain (leaf first)
 * @param key PEM private key (PKCS#8 or PKCS#1/SEC1, unencrypted)
 * @param clientCa PEM CA certificates that client certificates must chain to, or {@code null}
 * @param clientAuth {@code none} (default), {@code optional} or {@code required}; not {@code none} needs clientCa
 * @param alpn protocol names offered, in preference order (empty: no ALPN; HTTP listeners default to http/1.1)
 * @param protocols TLS versions (default TLSv1.3 and TLSv1.2)
 * @param provider {@code bc} (BouncyCastle JSSE, default) or {@code jdk}
 * @param handshakeTimeout default 60 s
 */
public record TlsConfig(Path cert, Path key, Path clientCa, ClientAuth clientAuth, List<String> alpn,
        List<String> protocols, String provider, Duration handshakeTimeout) {
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        Objects.requireNonNull(cert, "tls.cert");
        Objects.requireNonNull(key, "tls.key");
        Objects.requireNonNull(clientAuth, "tls.clientAuth");
        alpn = List.copyOf(alpn);
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(provider, "tls.provider");
        Objects.requireNonNull(handshakeTimeout, "tls.handshakeTimeout");
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw new IllegalArgumentException("tls.clientAuth " + clientAuth + " needs tls.clientCa");
        }
        if (!provider.equals("bc") && !provider.equals("jdk")) {
            throw new IllegalArgumentException("tls.provider must be bc or jdk, got " + provider);
        }
    }

    /** A server certificate and key with every other setting at its default. */
    public static TlsConfig of(Path cert, Path key) {
        return new TlsConfig(cert, key, null, ClientAuth.NONE, List.of(), DEFAULT_PROTOCOLS, "bc",
                Duration.ofSeconds(60));
    }
}
