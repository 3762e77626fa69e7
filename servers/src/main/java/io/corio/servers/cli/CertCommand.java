package io.corio.servers.cli;

import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.CertifiedKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code corio cert}: a self-signed certificate and its private key for development, as {@code DIR/cert.pem} and
 * {@code DIR/key.pem} (PKCS#8, mode 0600), made with {@link Certificates}. Refuses to replace existing files
 * without {@code --force}; prints the paths and the certificate's SHA-256 fingerprint.
 */
@Command(name = "cert", sortOptions = false,
        header = "Make a self-signed TLS certificate and key for development.",
        description = {"Write a self-signed certificate (DIR/cert.pem) and its private key (DIR/key.pem, readable "
                + "by its owner only) for development and tests, then print the paths and the certificate's "
                + "SHA-256 fingerprint. Clients must be told to trust cert.pem (curl --cacert cert.pem, "
                + "openssl s_client -CAfile cert.pem). Not for production."})
final class CertCommand implements Callable<Integer> {
    static final String CERT_FILE = "cert.pem";
    static final String KEY_FILE = "key.pem";
    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Directory for cert.pem and key.pem, created if missing (default: the current directory).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "localhost",
            description = "The subject's common name, also a subject alternative name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--san", paramLabel = "DNS:name|IP:address", split = ",",
            description = {"More names the certificate is valid for, comma-separated, e.g. "
                    + "DNS:example.test,IP:10.0.0.5. Without it, --name localhost also covers 127.0.0.1 and ::1."})
    List<String> sans = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Days the certificate is valid, 1 to 36500 (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--key-type", paramLabel = "ec|rsa", defaultValue = "ec",
            description = "ec: ECDSA P-256 (default), rsa: RSA 2048 bits.")
    String keyType;

    @Option(names = "--force", description = "Replace cert.pem and key.pem if they exist.")
    boolean force;

    @Override
    public Integer call() {
        Certificates.KeyType type = keyType();
        List<String> names = subjectAltNames();
        if (days < 1 || days > 36_500) {
            throw new ParameterException(spec.commandLine(), "--days must be between 1 and 36500, got " + days);
        }
        Path certFile = out.resolve(CERT_FILE);
        Path keyFile = out.resolve(KEY_FILE);
        if (!force) {
            for (Path file : List.of(certFile, keyFile)) {
                if (Files.exists(file)) {
                    throw CommandFailure.failed(file + " already exists; use --force to replace it", null);
                }
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(Duration.ofDays(days));
        CertifiedKey made = Certificates.builder(name)
                .subjectAltNames(names.stream().map(CertCommand::bareName).toArray(String[]::new))
                .validity(now.minus(Duration.ofHours(1)), notAfter)
                .keyType(type)
                .build();
        try {
            Files.createDirectories(out);
            made.writePem(certFile, keyFile);
        } catch (IOException e) {
            throw CommandFailure.failed("cannot write " + certFile + " and " + keyFile + ": " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        line(w, "certificate", certFile.toString());
        line(w, "key", keyFile + " (owner read/write only)");
        line(w, "subject", "CN=" + name);
        line(w, "names", String.join(", ", names));
        line(w, "key type", type == Certificates.KeyType.RSA_2048 ? "RSA 2048" : "ECDSA P-256");
        line(w, "valid until", notAfter + " (" + days + " days)");
        line(w, "sha256", fingerprint(made.certificate()));
        w.flush();
        return ExitCodes.OK;
    }

    private Certificates.KeyType keyType() {
        return switch (keyType.toLowerCase(Locale.ROOT)) {
            case "ec" -> Certificates.KeyType.EC_P256;
            case "rsa" -> Certificates.KeyType.RSA_2048;
            default -> throw new ParameterException(spec.commandLine(),
                    "--key-type must be ec or rsa, got '" + keyType + "'");
        };
    }

    /** The names as printed ({@code DNS:x}, {@code IP:y}): the common name first, then the defaults or --san. */
    private List<String> subjectAltNames() {
        var names = new ArrayList<String>();
        names.add(isIpAddress(name) ? "IP:" + name : "DNS:" + name);
        if (!isIpAddress(name) && !DNS_NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "--name must be a DNS name or an IP address, got '"
                    + name + "'");
        }
        if (sans.isEmpty() && name.equals("localhost")) {
            names.add("IP:127.0.0.1");
            names.add("IP:::1");
        }
        for (String san : sans) {
            String entry = checkSan(san.strip());
            if (!names.contains(entry)) {
                names.add(entry);
            }
        }
        return names;
    }

    private String checkSan(String san) {
        int colon = san.indexOf(':');
        String kind = colon < 0 ? "" : san.substring(0, colon).toUpperCase(Locale.ROOT);
        String value = colon < 0 ? "" : san.substring(colon + 1);
        boolean ok = switch (kind) {
            case "DNS" -> DNS_NAME.matcher(value).matches();
            case "IP" -> isIpAddress(value);
            default -> false;
        };
        if (!ok) {
            throw new ParameterException(spec.commandLine(), "invalid --san entry '" + san
                    + "': use DNS:name or IP:address, e.g. DNS:example.test,IP:10.0.0.5");
        }
        return kind + ":" + value;
    }

    /** An IPv4 or IPv6 literal; never resolves a name. */
    private static boolean isIpAddress(String s) {
        try {
            InetAddress.ofLiteral(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String bareName(String entry) {
        return entry.substring(entry.indexOf(':') + 1);
    }

    /** The SHA-256 of the DER certificate as colon-separated upper-case hex, as openssl prints it. */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot compute the SHA-256 fingerprint: " + e, e);
        }
    }

    private static void line(PrintWriter out, String key, String value) {
        out.printf("%-12s %s%n", key, value);
    }
}
