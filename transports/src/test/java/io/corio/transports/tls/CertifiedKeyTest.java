package io.corio.transports.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM and KeyStore key material in the forms people bring. */
class CertifiedKeyTest {
    @TempDir
    Path dir;

    @Test
    void pemFilesRoundTrip() throws IOException {
        TlsFixtures.LOCALHOST.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        var read = CertifiedKey.readPem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        assertThat(read.certificate()).isEqualTo(TlsFixtures.LOCALHOST.certificate());
        assertThat(Files.readString(dir.resolve("k.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void opensslTraditionalEcAndRsaKeysAreRead() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        for (String[] kind : new String[][]{{"ec", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"},
                {"rsa", "-newkey", "rsa:2048"}}) {
            Path cert = dir.resolve(kind[0] + ".pem");
            Path key = dir.resolve(kind[0] + "-key.pem");
            var command = new java.util.ArrayList<>(java.util.List.of("openssl", "req", "-x509", "-nodes",
                    "-subj", "/CN=localhost", "-days", "2", "-keyout", key.toString(), "-out", cert.toString()));
            command.addAll(java.util.List.of(kind).subList(1, kind.length));
            assertThat(new ProcessBuilder(command).redirectErrorStream(true).start().waitFor()).isZero();
            Path traditional = dir.resolve(kind[0] + "-trad.pem");
            var convert = new java.util.ArrayList<>(java.util.List.of("openssl", kind[0], "-in", key.toString(),
                    "-out", traditional.toString()));
            if (kind[0].equals("rsa")) {
                convert.add("-traditional"); // openssl ec writes the traditional SEC1 form by default
            }
            assertThat(new ProcessBuilder(convert).redirectErrorStream(true).start().waitFor()).isZero();
            assertThat(Files.readString(traditional)).contains("BEGIN " + kind[0].toUpperCase() + " PRIVATE KEY");
            assertThat(CertifiedKey.readPem(cert, traditional).key().getAlgorithm())
                    .isEqualTo(kind[0].equals("ec") ? "EC" : "RSA");
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws IOException {
        TlsFixtures.LOCALHOST.writePem(dir.resolve("c.pem"), dir.resolve("k.pem"));
        TlsFixtures.OTHER_HOST.writePem(dir.resolve("o.pem"), dir.resolve("ok.pem"));
        assertThatThrownBy(() -> CertifiedKey.readPem(dir.resolve("c.pem"), dir.resolve("ok.pem")))
                .isInstanceOf(IOException.class).hasMessageContaining("ok.pem does not belong")
                .hasMessageContaining("c.pem");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> TlsContext.server(dir.resolve("none.pem"), dir.resolve("k.pem")).build())
                .isInstanceOf(IOException.class).hasMessageContaining("none.pem");
    }

    @Test
    void serverContextFromAKeyStoreHandshakes() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", TlsFixtures.LOCALHOST.key(), "pw".toCharArray(),
                TlsFixtures.LOCALHOST.chain().toArray(Certificate[]::new));
        var loop = io.corio.loop.testing.TestLoop.create();
        try {
            var link = TlsFixtures.link(loop, TlsContext.server(store, "pw".toCharArray()).build(),
                    new TlsFixtures.Echo(), TlsFixtures.build(TlsFixtures.client()), "localhost");
            assertThat(link.clientTls().extra(io.corio.transports.Extra.SSL_SESSION)).isNotNull();
        } finally {
            loop.close();
        }
    }
}
