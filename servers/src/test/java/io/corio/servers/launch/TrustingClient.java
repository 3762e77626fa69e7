package io.corio.servers.launch;

import io.corio.transports.tls.CertifiedKey;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** A JDK TLS client socket that trusts one PEM certificate: a client nobody here wrote. */
final class TrustingClient {
    private TrustingClient() {
    }

    /** @param alpn protocols to offer, none for no ALPN */
    static Socket connect(Path trustedCert, int port, String... alpn) throws Exception {
        return connect(trustedCert, null, port, alpn);
    }

    /** @param identity the client certificate to present when the server asks, or null */
    static Socket connect(Path trustedCert, CertifiedKey identity, int port, String... alpn) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(trustedCert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManager[] keys = null;
        if (identity != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", identity.key(), new char[0], identity.chain().toArray(new Certificate[0]));
            var keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyFactory.init(store, new char[0]);
            keys = keyFactory.getKeyManagers();
        }
        context.init(keys, factory.getTrustManagers(), null);
        var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        if (alpn.length > 0) {
            var parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(alpn);
            socket.setSSLParameters(parameters);
        }
        socket.startHandshake();
        return socket;
    }
}
