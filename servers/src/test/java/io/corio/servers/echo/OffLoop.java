package io.corio.servers.echo;

import io.corio.loop.EventLoop;
import io.corio.servers.HostileClients;
import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.TlsContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Blocking clients (JDK sockets, python3, openssl) run on their own platform thread while the test's loop serves:
 * {@code OffLoop.run(loop, () -> ...)} runs the loop until the client returns (at most 30 s) and gives its result.
 * Also the self-signed certificate the TLS tests use.
 */
final class OffLoop {
    static final long LIMIT_SECONDS = 30;
    static final CertifiedKey LOCALHOST = Certificates.builder("localhost")
            .subjectAltNames("localhost", "127.0.0.1").build();
    static final Path CERT;
    static final Path KEY;

    static {
        try {
            Path dir = Files.createTempDirectory("corio-echo-tls");
            CERT = dir.resolve("cert.pem");
            KEY = dir.resolve("key.pem");
            LOCALHOST.writePem(CERT, KEY);
            dir.toFile().deleteOnExit();
            CERT.toFile().deleteOnExit();
            KEY.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OffLoop() {
    }

    static <T> T run(EventLoop loop, Callable<T> client) {
        return io.corio.servers.HostileClients.run(loop, client);
    }

    static TlsContext serverTls() {
        try {
            return TlsContext.server(LOCALHOST).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TlsContext clientTls() {
        try {
            return TlsContext.client().trust(CERT).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the test, saying so on stdout, when {@code tool} is not on the PATH. */
    static void requireTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = java.util.Arrays.stream(path.split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            System.out.println("SKIPPED: " + tool + " is not installed; echo interop with it is not tested");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found, tool + " is not installed");
    }
}
