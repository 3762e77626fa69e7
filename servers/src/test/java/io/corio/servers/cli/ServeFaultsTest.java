package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code corio serve} in a fresh JVM when a listener cannot start: a TCP port another process holds, a Unix
 * socket path that is a regular file. The command exits 1 (docs/cli.md) with one line naming the listener and its
 * address, closes what it opened, and never touches the file in the way.
 */
class ServeFaultsTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run serve(Path config) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(VirtualThreads.REQUIRED_FLAG.split(" ")));
        command.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "-c", config.toString()));
        Path out = Files.createTempFile("corio-out", ".txt");
        Path err = Files.createTempFile("corio-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("corio serve -c " + config + " still runs after 60 s: it should have failed");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aPortAnotherProcessHoldsStopsServeWithExitOneAndALineNamingTheListenerAndAddress(@TempDir Path dir)
            throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Path config = Files.writeString(dir.resolve("corio.yaml"), """
                    listeners:
                      - name: first
                        protocol: echo
                        transport: unix
                        path: %s
                      - name: web
                        protocol: echo
                        transport: tcp
                        host: 127.0.0.1
                        port: %d
                    """.formatted(dir.resolve("first.sock"), port));

            Run run = serve(config);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().toList()).containsExactly("corio serve: cannot start listener 'web' on "
                    + "tcp://127.0.0.1:" + port + ": Address already in use");
            assertThat(dir.resolve("first.sock")).as("the listener opened first is closed, its socket file gone")
                    .doesNotExist();
        }
    }

    @Test
    void aUnixSocketPathThatIsARegularFileStopsServeAndTheFileIsLeftUntouched(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data.sock"), "precious");
        FileTime mtime = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(file, mtime);
        Path config = Files.writeString(dir.resolve("corio.yaml"), """
                listeners:
                  - name: local
                    protocol: echo
                    transport: unix
                    path: %s
                """.formatted(file));

        Run run = serve(config);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines().toList()).containsExactly("corio serve: cannot start listener 'local' on unix:"
                + file + ": cannot listen on " + file + ": the path exists and is not a socket (refusing to replace "
                + "it)");
        assertThat(Files.readString(file)).isEqualTo("precious");
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
    }
}
