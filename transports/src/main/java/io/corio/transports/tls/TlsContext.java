package io.corio.transports.tls;

import io.corio.transports.internal.tls.Pem;
import io.corio.transports.internal.tls.SslContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A TLS configuration for servers or clients: keys, trust, ALPN, SNI, timeouts and the JSSE provider. Immutable
 * except for {@link #reload()}, and shareable by any number of connections and threads.
 *
 * <pre>{@code
 * TlsContext server = TlsContext.server(Path.of("cert.pem"), Path.of("key.pem")).alpn("h2", "http/1.1").build();
 * TlsContext client = TlsContext.client().trust(Path.of("ca.pem")).alpn("http/1.1").build();
 * }</pre>
 *
 * <p>Behaviour that callers rely on:
 * <ul>
 * <li>TLS 1.2 and 1.3 only. BouncyCastle JSSE on the JDK's crypto by default; {@link TlsProvider#SUNJSSE} by
 *     option.</li>
 * <li>Clients verify the server certificate against the trusted CAs (the JDK's {@code cacerts} unless set) and
 *     its subject alternative names against the server hostname (no common-name fallback; wildcards stand for one
 *     leftmost label). Hostname verification is turned off only by {@link Builder#hostnameVerification}.</li>
 * <li>ALPN: the server picks the first of <em>its</em> protocols that the client offered. A client that offers
 *     none of them fails the handshake with the {@code no_application_protocol} alert (RFC 7301); a client that
 *     offers no ALPN at all is accepted without an application protocol.</li>
 * <li>SNI: a server presents the certificate registered for the requested host name, else the default one.</li>
 * <li>{@link #reload()} re-reads PEM files (keys, certificates, CA files): connections opened after it use the new
 *     material, open connections keep theirs.</li>
 * </ul>
 */
public final class TlsContext {
    /** Default time allowed for a handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    /** Default time allowed between {@code close()} and the connection being gone before it is aborted. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final boolean server;
    private final TlsProvider provider;
    private final List<String> protocols;
    private final List<String> alpn;
    private final ClientAuth clientAuth;
    private final boolean hostnameVerification;
    private final Duration handshakeTimeout;
    private final Duration shutdownTimeout;
    private final KeySource identity;
    private final Map<String, KeySource> sni;
    private final TrustSource trust;
    private volatile SSLContext sslContext;

    private TlsContext(Builder b) throws IOException {
        this.server = b.server;
        this.provider = b.provider;
        this.protocols = List.copyOf(b.protocols);
        this.alpn = List.copyOf(b.alpn);
        this.clientAuth = b.clientAuth;
        this.hostnameVerification = b.hostnameVerification;
        this.handshakeTimeout = b.handshakeTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.identity = b.identity;
        this.sni = Collections.unmodifiableMap(new LinkedHashMap<>(b.sni));
        this.trust = b.trust;
        this.sslContext = load();
    }

    /** A server presenting the PEM chain (leaf first) and key; {@link #reload()} re-reads both files. */
    public static Builder server(Path certificateChain, Path privateKey) {
        return new Builder(true, () -> CertifiedKey.readPem(certificateChain, privateKey));
    }

    /** A server presenting {@code key}. */
    public static Builder server(CertifiedKey key) {
        return new Builder(true, () -> key);
    }

    /** A server presenting the first private key entry of {@code keyStore}. */
    public static Builder server(KeyStore keyStore, char[] password) {
        char[] copy = password == null ? null : password.clone();
        return new Builder(true, () -> fromKeyStore(keyStore, copy));
    }

    /** A client; it trusts the JDK's default CAs unless {@link Builder#trust} says otherwise. */
    public static Builder client() {
        return new Builder(false, null);
    }

    /** True for a context that accepts connections, false for one that opens them. */
    public boolean isServer() {
        return server;
    }

    public TlsProvider provider() {
        return provider;
    }

    /** The ALPN protocols, in preference order (the server's order decides). */
    public List<String> alpn() {
        return alpn;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    public boolean hostnameVerification() {
        return hostnameVerification;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Re-reads the key material and trusted CAs (PEM files; a KeyStore is re-read from the same object). New
     * connections use the result; connections already open keep what they negotiated. On failure the context
     * keeps its current material. Any thread.
     *
     * @throws IOException naming the file that could not be used
     */
    public void reload() throws IOException {
        SSLContext fresh = load();
        sslContext = fresh;
    }

    /**
     * A new engine configured by this context: client or server mode, protocols, ALPN, SNI, client
     * authentication. Corio's TLS layer calls this for every connection; it is public for callers that drive an
     * {@code SSLEngine} themselves.
     *
     * @param peerHost for clients, the server hostname (sent as SNI, checked against the certificate); may be
     *                 null for servers
     */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine = peerHost == null ? sslContext.createSSLEngine()
                : sslContext.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(!server);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (server) {
            parameters.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
            if (clientAuth == ClientAuth.OPTIONAL) {
                parameters.setWantClientAuth(true);
            }
        } else {
            if (!alpn.isEmpty()) {
                parameters.setApplicationProtocols(alpn.toArray(String[]::new));
            }
            if (peerHost != null && isDnsName(peerHost)) {
                parameters.setServerNames(List.of(new SNIHostName(peerHost)));
            }
        }
        engine.setSSLParameters(parameters);
        if (server && !alpn.isEmpty()) {
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> select(offered));
        }
        return engine;
    }

    /** The server's ALPN choice: its first protocol the client offered; null (refuse) when none matches. */
    private String select(List<String> offered) {
        for (String protocol : alpn) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return null;
    }

    private SSLContext load() throws IOException {
        CertifiedKey key = identity == null ? null : identity.load();
        var byHost = new LinkedHashMap<String, CertifiedKey>();
        for (var entry : sni.entrySet()) {
            byHost.put(entry.getKey(), entry.getValue().load());
        }
        KeyStore trustStore = trust == null ? null : trust.load();
        if (server && clientAuth == ClientAuth.NONE && trustStore == null) {
            trustStore = emptyKeyStore(); // nothing to verify; skip loading cacerts
        }
        return SslContexts.create(provider, key, byHost, trustStore, !server && hostnameVerification);
    }

    private static boolean isDnsName(String host) {
        if (host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            new SNIHostName(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static CertifiedKey fromKeyStore(KeyStore keyStore, char[] password) throws IOException {
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias) && keyStore.getKey(alias, password) instanceof PrivateKey key) {
                    var chain = new ArrayList<X509Certificate>();
                    for (Certificate c : keyStore.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new CertifiedKey(key, chain);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key store: " + e.getMessage(), e);
        }
        throw new IOException("the key store holds no private key entry");
    }

    private static KeyStore emptyKeyStore() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("TlsContext[").append(server ? "server" : "client").append(", ").append(provider);
        if (!alpn.isEmpty()) {
            sb.append(", alpn=").append(alpn);
        }
        if (!sni.isEmpty()) {
            sb.append(", sni=").append(sni.keySet());
        }
        if (clientAuth != ClientAuth.NONE) {
            sb.append(", clientAuth=").append(clientAuth);
        }
        if (!server && !hostnameVerification) {
            sb.append(", hostnameVerification=off");
        }
        return sb.append(']').toString();
    }

    private interface KeySource {
        CertifiedKey load() throws IOException;
    }

    private interface TrustSource {
        KeyStore load() throws IOException;
    }

    /** Collects a context's settings; {@link #build()} reads the files and validates. */
    public static final class Builder {
        private final boolean server;
        private KeySource identity;
        private TlsProvider provider = TlsProvider.BCJSSE;
        private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");
        private List<String> alpn = List.of();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean hostnameVerification = true;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private final Map<String, KeySource> sni = new LinkedHashMap<>();
        private TrustSource trust;

        private Builder(boolean server, KeySource identity) {
            this.server = server;
            this.identity = identity;
        }

        public Builder provider(TlsProvider provider) {
            this.provider = require(provider, "provider");
            return this;
        }

        /** Restricts the protocol versions: a non-empty subset of {@code TLSv1.3} and {@code TLSv1.2}. */
        public Builder protocols(String... versions) {
            if (versions.length == 0) {
                throw new IllegalArgumentException("need at least one protocol version");
            }
            for (String v : versions) {
                if (!v.equals("TLSv1.3") && !v.equals("TLSv1.2")) {
                    throw new IllegalArgumentException("unsupported TLS version " + v + "; use TLSv1.3 or TLSv1.2");
                }
            }
            this.protocols = List.of(versions);
            return this;
        }

        /** ALPN protocol names in preference order (for a server, its order decides). */
        public Builder alpn(String... protocolNames) {
            for (String p : protocolNames) {
                if (p == null || p.isEmpty() || p.length() > 255) {
                    throw new IllegalArgumentException("ALPN names must be 1..255 characters, got " + p);
                }
            }
            this.alpn = List.of(protocolNames);
            return this;
        }

        /** Trust the certificates in these PEM files (CA or self-signed), instead of the JDK's default CAs. */
        public Builder trust(Path... caFiles) {
            var files = List.of(caFiles);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("need at least one CA file");
            }
            this.trust = () -> trustStoreOf(files);
            return this;
        }

        /** Trust the certificates of {@code keyStore}'s entries instead of the JDK's default CAs. */
        public Builder trust(KeyStore keyStore) {
            require(keyStore, "keyStore");
            this.trust = () -> keyStore;
            return this;
        }

        /** Clients: present this certificate when the server asks (mutual TLS). Re-read by {@code reload()}. */
        public Builder certificate(Path certificateChain, Path privateKey) {
            clientOnly("certificate");
            this.identity = () -> CertifiedKey.readPem(certificateChain, privateKey);
            return this;
        }

        /** Clients: present {@code key} when the server asks (mutual TLS). */
        public Builder certificate(CertifiedKey key) {
            clientOnly("certificate");
            require(key, "key");
            this.identity = () -> key;
            return this;
        }

        /** Servers: ask for client certificates, verified against {@link #trust} (the JDK's CAs if not set). */
        public Builder clientAuth(ClientAuth clientAuth) {
            if (!server) {
                throw new IllegalStateException("clientAuth applies to server contexts");
            }
            this.clientAuth = require(clientAuth, "clientAuth");
            return this;
        }

        /** Servers: present this PEM chain and key to clients asking for {@code host} ({@code *.domain} allowed). */
        public Builder sni(String host, Path certificateChain, Path privateKey) {
            return sni(host, () -> CertifiedKey.readPem(certificateChain, privateKey));
        }

        /** Servers: present {@code key} to clients asking for {@code host} ({@code *.domain} allowed). */
        public Builder sni(String host, CertifiedKey key) {
            require(key, "key");
            return sni(host, () -> key);
        }

        private Builder sni(String host, KeySource source) {
            if (!server) {
                throw new IllegalStateException("sni certificates apply to server contexts");
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("SNI host must not be blank");
            }
            sni.put(host.toLowerCase(Locale.ROOT), source);
            return this;
        }

        /** Clients: verify the server certificate's names against the server hostname; on unless turned off. */
        public Builder hostnameVerification(boolean on) {
            clientOnly("hostnameVerification");
            this.hostnameVerification = on;
            return this;
        }

        /** The time a handshake may take before the connection is dropped; 60 s by default. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** The time {@code close()} may take (flushing, close_notify) before the connection is aborted; 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = positive(timeout, "shutdownTimeout");
            return this;
        }

        /**
         * Reads the files and builds the context.
         *
         * @throws IOException naming the file that is missing or unusable
         */
        public TlsContext build() throws IOException {
            if (server && identity == null) {
                throw new IllegalStateException("a server context needs a certificate and key");
            }
            return new TlsContext(this);
        }

        private void clientOnly(String what) {
            if (server) {
                throw new IllegalStateException(what + " applies to client contexts");
            }
        }

        private static <T> T require(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " must not be null");
            }
            return value;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, got " + d);
            }
            return d;
        }

        private static KeyStore trustStoreOf(List<Path> files) throws IOException {
            KeyStore store = emptyKeyStore();
            int n = 0;
            for (Path file : files) {
                for (X509Certificate certificate : Pem.readCertificates(file)) {
                    try {
                        store.setCertificateEntry("ca-" + n++, certificate);
                    } catch (GeneralSecurityException e) {
                        throw new IOException("cannot trust a certificate of " + file + ": " + e.getMessage(), e);
                    }
                }
            }
            return store;
        }
    }
}
