package io.corio.servers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.TlsContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertCommandTest {
    @TempDir
    Path dir;

    private Path cert() {
        return dir.resolve("cert.pem");
    }

    private Path key() {
        return dir.resolve("key.pem");
    }

    @Test
    void writesACertificateAndKeyThatATlsServerAccepts() throws Exception {
        Cli cli = Cli.run("cert", "--out", dir.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        CertifiedKey read = CertifiedKey.readPem(cert(), key());
        assertThat(TlsContext.server(cert(), key()).build().isServer()).isTrue();
        X509Certificate c = read.certificate();
        assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(c.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(read.key().getAlgorithm()).isEqualTo("EC");
        assertThat(cli.out()).contains("certificate  " + cert(), "key          " + key(),
                "names        DNS:localhost, IP:127.0.0.1, IP:::1", "sha256       " + CertCommand.fingerprint(c));
    }

    @Test
    void theKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Cli.run("cert", "--out", dir.toString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key()))).isEqualTo("rw-------");
    }

    @Test
    void existingFilesAreKeptWithoutForceAndReplacedWithIt() throws Exception {
        Cli.run("cert", "--out", dir.toString());
        byte[] first = Files.readAllBytes(cert());

        Cli refused = Cli.run("cert", "--out", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.errLines()).containsExactly(
                "corio cert: " + cert() + " already exists; use --force to replace it");
        assertThat(Files.readAllBytes(cert())).isEqualTo(first);

        Cli forced = Cli.run("cert", "--out", dir.toString(), "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readAllBytes(cert())).isNotEqualTo(first);
        CertifiedKey.readPem(cert(), key()); // the new key matches the new certificate
    }

    @Test
    void nameSanDaysAndKeyTypeShapeTheCertificate() throws Exception {
        Path out = dir.resolve("nested/certs");
        Cli cli = Cli.run("cert", "--out", out.toString(), "--name", "example.test", "--san",
                "DNS:www.example.test,IP:10.0.0.5", "--days", "30", "--key-type", "rsa");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        CertifiedKey read = CertifiedKey.readPem(out.resolve("cert.pem"), out.resolve("key.pem"));
        X509Certificate c = read.certificate();
        assertThat(c.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
                .containsExactlyInAnyOrder("example.test", "www.example.test", "10.0.0.5");
        assertThat(read.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(Duration.between(Instant.now(), c.getNotAfter().toInstant()).toDays()).isBetween(29L, 30L);
    }

    @Test
    void badOptionValuesAreUsageErrorsAndWriteNothing() {
        for (List<String> args : List.of(List.of("--san", "FOO:bar"), List.of("--san", "IP:300.1.1.1"),
                List.of("--days", "0"), List.of("--key-type", "dsa"), List.of("--name", "bad name"))) {
            var all = new java.util.ArrayList<>(List.of("cert", "--out", dir.toString()));
            all.addAll(args);
            Cli cli = Cli.run(all.toArray(String[]::new));

            assertThat(cli.exitCode()).as(args.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(cli.errLines()[0]).as(args.toString()).startsWith("corio cert: ");
            assertThat(cli.errLines()).contains("Try 'corio cert --help' for more information.");
            assertThat(cert()).doesNotExist();
        }
    }

    @Test
    void opensslReadsTheCertificateAndKeyWithTheSameFingerprint() throws Exception {
        boolean found = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (!found) {
            System.out.println("SKIPPED: openssl is not installed; corio cert's files are not checked with it");
        }
        Assumptions.assumeTrue(found, "openssl is not installed");
        Cli cli = Cli.run("cert", "--out", dir.toString());

        String x509 = openssl("x509", "-in", cert().toString(), "-noout", "-subject", "-fingerprint", "-sha256");
        String pkey = openssl("pkey", "-in", key().toString(), "-noout", "-text");

        String fingerprint = cli.out().lines().filter(l -> l.startsWith("sha256")).findFirst().orElseThrow()
                .substring("sha256".length()).strip();
        assertThat(x509).contains("CN = localhost", "Fingerprint=" + fingerprint);
        assertThat(pkey).contains("Private-Key: (256 bit");
    }

    private static String openssl(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
