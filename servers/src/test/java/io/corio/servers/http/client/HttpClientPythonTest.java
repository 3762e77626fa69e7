package io.corio.servers.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against servers nobody here wrote: Python's {@code http.server}, HTTP/1.0 and HTTP/1.1. */
class HttpClientPythonTest {
    /** An HTTP/1.1 handler that tells the client which port it came from, with a fixed or chunked body. */
    private static final String KEEP_ALIVE_SERVER = """
            import http.server
            class H(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    parts = [b"client port ", str(self.client_address[1]).encode()]
                    self.send_response(200)
                    if self.path.startswith("/chunked"):
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for part in parts:
                            self.wfile.write(b"%x\\r\\n%s\\r\\n" % (len(part), part))
                        self.wfile.write(b"0\\r\\n\\r\\n")
                    else:
                        body = b"".join(parts)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                def log_message(self, *args):
                    pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
            print("port", server.server_address[1], flush=True)
            server.serve_forever()
            """;

    private final EventLoop loop = EventLoop.create();
    private Process python;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        if (python != null) {
            python.destroy();
            python.waitFor(5, TimeUnit.SECONDS);
        }
        loop.close();
    }

    /** Starts python3 with {@code args} and returns the port found by {@code portPattern} in its first line. */
    private int startPython(Pattern portPattern, String... args) throws IOException {
        boolean available;
        try {
            available = new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            available = false;
        }
        Assumptions.assumeTrue(available, "python3 is not installed: skipping the http.server interop tests");
        var command = new java.util.ArrayList<>(List.of("python3", "-u"));
        command.addAll(List.of(args));
        python = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : portPattern.matcher(line);
        if (m == null || !m.find()) {
            throw new IllegalStateException("python3 did not report its port; it said: " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(20), body));
    }

    @Test
    void plainHttpServerServesAFileAndA404OverHttp10() throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "hello from python\n");
        int port = startPython(Pattern.compile("port (\\d+)"), "-m", "http.server", "--bind", "127.0.0.1", "0");
        run(() -> {
            try (var client = HttpClient.create(loop)) {
                var ok = client.get("http://127.0.0.1:" + port + "/hello.txt").await();
                assertThat(ok.status()).isEqualTo(200);
                assertThat(ok.version()).isEqualTo("HTTP/1.0");
                assertThat(ok.text()).isEqualTo("hello from python\n");
                var missing = client.get("http://127.0.0.1:" + port + "/missing").await();
                assertThat(missing.status()).isEqualTo(404);
                Async.sleep(Duration.ofMillis(20));
                assertThat(client.openConnections()).isZero(); // HTTP/1.0 without keep-alive: closed
            }
            return null;
        });
    }

    @Test
    void http11ServerKeepsOneConnectionForFixedAndChunkedResponses() throws IOException {
        Path script = dir.resolve("server.py");
        Files.writeString(script, KEEP_ALIVE_SERVER);
        int port = startPython(Pattern.compile("port (\\d+)"), script.toString());
        var bodies = run(() -> {
            try (var client = HttpClient.create(loop)) {
                String base = "http://127.0.0.1:" + port;
                var first = client.get(base + "/").await();
                var second = client.get(base + "/chunked").await();
                var third = client.get(base + "/again").await();
                assertThat(second.headers().get("transfer-encoding")).isEqualTo("chunked");
                assertThat(client.openConnections()).isEqualTo(1);
                return List.of(first.text(), second.text(), third.text());
            }
        });
        assertThat(bodies.getFirst()).startsWith("client port ");
        assertThat(bodies).containsOnly(bodies.getFirst());
    }
}
