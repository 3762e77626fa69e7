package io.corio.transports.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes certificates for development and tests (and {@code corio cert}): self-signed server certificates, a test
 * certificate authority, and certificates it issues. Not for production PKI. Any thread.
 *
 * <pre>{@code
 * CertifiedKey ca = Certificates.builder("Test CA").authority().build();
 * CertifiedKey server = Certificates.builder("localhost").subjectAltNames("localhost", "127.0.0.1")
 *         .issuer(ca).build();
 * server.writePem(Path.of("cert.pem"), Path.of("key.pem"));
 * }</pre>
 */
public final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key pair type of a new certificate. */
    public enum KeyType {
        /** ECDSA on NIST P-256: the default, fast handshakes, understood everywhere. */
        EC_P256,
        /** RSA 2048 bits, for peers that need RSA. */
        RSA_2048
    }

    private Certificates() {
    }

    /** A self-signed server certificate for {@code hostname} (also its subject alternative name), valid a year. */
    public static CertifiedKey selfSigned(String hostname) {
        return builder(hostname).subjectAltNames(hostname).build();
    }

    /** Starts a certificate whose subject is {@code CN=commonName}. */
    public static Builder builder(String commonName) {
        return new Builder(commonName);
    }

    /** Collects the fields of one certificate; {@link #build()} generates the key pair and signs. */
    public static final class Builder {
        private final String commonName;
        private final List<String> subjectAltNames = new ArrayList<>();
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        private KeyType keyType = KeyType.EC_P256;
        private boolean authority;
        private CertifiedKey issuer;

        private Builder(String commonName) {
            if (commonName == null || commonName.isBlank()) {
                throw new IllegalArgumentException("commonName must not be blank");
            }
            this.commonName = commonName;
        }

        /** DNS names ({@code *.example.com} allowed) and IP literals the certificate is valid for. */
        public Builder subjectAltNames(String... names) {
            subjectAltNames.addAll(List.of(names));
            return this;
        }

        /** Valid from {@code notBefore} to {@code notAfter}; by default from an hour ago for 365 days. */
        public Builder validity(Instant notBefore, Instant notAfter) {
            if (!notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
            }
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public Builder keyType(KeyType keyType) {
            this.keyType = keyType;
            return this;
        }

        /** Makes a certificate authority (basic constraints CA, key usage certificate signing). */
        public Builder authority() {
            this.authority = true;
            return this;
        }

        /** Signs with {@code issuer} (a CA from this builder) instead of self-signing. */
        public Builder issuer(CertifiedKey issuer) {
            this.issuer = issuer;
            return this;
        }

        public CertifiedKey build() {
            try {
                KeyPair pair = generate(keyType);
                X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
                var builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM).abs(),
                        Date.from(notBefore), Date.from(notAfter), subject, pair.getPublic());
                addExtensions(builder, pair);
                var signingKey = issuer == null ? pair.getPrivate() : issuer.key();
                String algorithm = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
                var chain = new ArrayList<X509Certificate>();
                chain.add(certificate);
                if (issuer != null) {
                    for (X509Certificate c : issuer.chain()) {
                        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                            chain.add(c); // intermediates travel with the leaf; the root stays with the verifier
                        }
                    }
                }
                return new CertifiedKey(pair.getPrivate(), chain);
            } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
                throw new IllegalStateException("cannot make a certificate for " + commonName + ": " + e, e);
            }
        }

        private void addExtensions(JcaX509v3CertificateBuilder builder, KeyPair pair)
                throws CertIOException, GeneralSecurityException {
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (authority) {
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                return;
            }
            int usage = KeyUsage.digitalSignature | (keyType == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            if (!subjectAltNames.isEmpty()) {
                var names = new GeneralName[subjectAltNames.size()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = generalName(subjectAltNames.get(i));
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
        }
    }

    private static GeneralName generalName(String name) {
        if (isIpLiteral(name)) {
            try {
                return new GeneralName(GeneralName.iPAddress,
                        new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(name).getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad IP address " + name, e);
            }
        }
        return new GeneralName(GeneralName.dNSName, name);
    }

    /** True for an IPv4 dotted quad or anything with a colon (IPv6); never resolves names. */
    static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static KeyPair generate(KeyType type) throws GeneralSecurityException {
        return switch (type) {
            case EC_P256 -> {
                var generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                yield generator.generateKeyPair();
            }
            case RSA_2048 -> {
                var generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, RANDOM);
                yield generator.generateKeyPair();
            }
        };
    }
}
