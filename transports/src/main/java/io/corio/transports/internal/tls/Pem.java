package io.corio.transports.internal.tls;

import io.corio.transports.tls.CertifiedKey;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files in and out, with bcpkix's parser and the JDK's key factories (no global BC provider). Reading a private
 * key file that its group or others may read logs a warning on the {@code io.corio.transports.tls} logger.
 */
public final class Pem {
    private static final System.Logger LOG = System.getLogger("io.corio.transports.tls");
    private Pem() {
    }

    public static CertifiedKey readCertifiedKey(Path chainFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = readCertificates(chainFile);
        PrivateKey key = readKey(keyFile);
        if (!matches(key, chain.getFirst())) {
            throw new IOException("the private key in " + keyFile + " does not belong to the first certificate in "
                    + chainFile + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        return new CertifiedKey(key, chain);
    }

    /** Every certificate in the file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        var converter = new JcaX509CertificateConverter();
        var certificates = new ArrayList<X509Certificate>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             var parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no PEM certificate (-----BEGIN CERTIFICATE-----) in " + file);
        }
        return certificates;
    }

    /** The first private key in the file: PKCS#8, or PKCS#1 RSA / SEC1 EC key pairs. */
    public static PrivateKey readKey(Path file) throws IOException {
        warnIfLoose(file);
        var converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             var parser = new PEMParser(reader)) {
            Object item;
            while ((item = parser.readObject()) != null) {
                switch (item) {
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMKeyPair pair -> {
                        return converter.getKeyPair(pair).getPrivate();
                    }
                    case PEMEncryptedKeyPair ignored -> throw encrypted(file);
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
                    default -> {
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot read a private key from " + file + ": " + e.getMessage(), e);
        }
        throw new IOException("no PEM private key (-----BEGIN PRIVATE KEY-----) in " + file);
    }

    /** Warns, naming the file and the fix, when a private key file is readable by its group or by others. */
    static void warnIfLoose(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return; // no POSIX permissions here, or unreadable: reading the key will say so
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            LOG.log(System.Logger.Level.WARNING, "private key file " + file + " is readable by "
                    + (permissions.contains(PosixFilePermission.OTHERS_READ) ? "other users" : "its group") + " ("
                    + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
        }
    }

    private static IOException encrypted(Path file) {
        return new IOException("the private key in " + file + " is encrypted; Corio reads unencrypted keys only "
                + "(decrypt it with: openssl pkey -in " + file + " -out key.pem)");
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    public static void writeKey(Path file, PrivateKey key) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        Files.deleteIfExists(file);
        Files.createFile(file);
        var posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /** True when {@code key} signs what {@code certificate}'s public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "RSASSA-PSS" -> null;
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign without a digest name
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "corio key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
