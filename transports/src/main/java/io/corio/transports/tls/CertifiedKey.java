package io.corio.transports.tls;

import io.corio.transports.internal.tls.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, leaf first: what a TLS server (or a client doing mutual TLS) presents.
 *
 * @param key   the private key of the leaf certificate
 * @param chain the leaf certificate, then the intermediates (the root may be left out)
 */
public record CertifiedKey(PrivateKey key, List<X509Certificate> chain) {
    public CertifiedKey {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
        chain = List.copyOf(chain);
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /**
     * Reads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8 {@code PRIVATE KEY}, PKCS#1
     * {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}; not encrypted), and checks that the key belongs to the
     * leaf certificate.
     *
     * @throws IOException naming the file when one is missing, unreadable, empty or does not match the other
     */
    public static CertifiedKey readPem(Path chainFile, Path keyFile) throws IOException {
        return Pem.readCertifiedKey(chainFile, keyFile);
    }

    /**
     * Writes the chain and the key (PKCS#8) as PEM files, replacing existing ones; the key file is made readable
     * by its owner only where the file system has POSIX permissions.
     */
    public void writePem(Path chainFile, Path keyFile) throws IOException {
        Pem.writeCertificates(chainFile, chain);
        Pem.writeKey(keyFile, key);
    }

    @Override
    public String toString() {
        return "CertifiedKey[" + certificate().getSubjectX500Principal().getName() + ", " + key.getAlgorithm()
                + ", chain=" + chain.size() + "]";
    }
}
