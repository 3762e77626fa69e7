package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.transports.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Half-open peers on real sockets: Python clients that connect, get to some point of a request, then freeze
 * themselves with SIGSTOP, so they neither send, read, nor close (their kernel still ACKs: no FIN, no RST). The
 * HTTP server's header and idle timeouts are what close them (the one with half a head gets a 408 first, then
 * the two-second lingering close); meanwhile other clients are answered. A client frozen with a large answer
 * unread keeps the server's transport over its high-water mark: the idle timeout aborts it too. (The same timeouts on virtual time, and
 * each alone, are in {@link HttpLifecycleTest}.)
 */
class HalfOpenFaultsTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final String FREEZING_CLIENT = """
            import os, signal, socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            if sys.argv[2] == "partial-head":
                s.sendall(b"GET / HTTP/1.1\\r\\nHo")
            elif sys.argv[2].startswith("/"):
                s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n")
            elif sys.argv[2] == "after-a-response":
                s.sendall(b"GET / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n")
                got = b""
                while not got.endswith(b"Hello, World!"):
                    got += s.recv(4096)
            print("freezing", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)
            """;

    private final EventLoop loop = EventLoop.create();
    private final List<ErrorContext> reported = new ArrayList<>();
    private final List<Process> clients = new ArrayList<>();
    private Server server;

    @AfterEach
    void tearDown() {
        clients.forEach(Process::destroyForcibly);   // SIGKILL ends a stopped process too
        if (server != null) {
            server.close();
            server.abortClients();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    private Process freezingClient(Path script, int port, String mode) throws IOException {
        Process p = new ProcessBuilder(PYTHON, script.toString(), String.valueOf(port), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        clients.add(p);
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("freezing");
        return p;
    }

    private static boolean stopped(Process p) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
    }

    private static String get(int port) throws IOException {
        try (var s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void frozenClientsAreClosedByTheHeaderAndIdleTimeoutsWhileOthersAreServed(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed: test skipped");
        var timeouts = new ListenerTimeouts(TIMEOUT, TIMEOUT, TIMEOUT, Duration.ZERO);
        server = loop.runUntilComplete(HttpServer.start(loop, r -> HttpResponse.text("Hello, World!"),
                "127.0.0.1", 0, HttpServerOptions.DEFAULTS.withTimeouts(timeouts)));
        int port = server.port();
        Path script = Files.writeString(dir.resolve("freeze.py"), FREEZING_CLIENT);

        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), () -> {
            var started = new ArrayList<Future<Process>>();
            for (String mode : List.of("silent", "partial-head", "after-a-response")) {
                started.add(loop.runInExecutor(null, () -> freezingClient(script, port, mode)));
            }
            for (Process p : Async.gather(started).await()) {
                while (!stopped(p)) {
                    Async.sleep(Duration.ofMillis(5));
                }
            }
            long frozenAt = loop.time();
            assertThat(server.connectionCount()).isEqualTo(3);
            assertThat(Async.toThread(() -> get(port))).startsWith("HTTP/1.1 200").endsWith("Hello, World!");
            while (server.connectionCount() > 0) {
                Async.sleep(Duration.ofMillis(10));
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(loop.time() - frozenAt);
            System.out.println("three frozen clients closed " + tookMs + " ms after the last froze");
            assertThat(tookMs).as("closed by the 1.5 s timeouts (+ 2 s lingering close after the 408), not by anything slower")
                    .isLessThan(5_000);
            return null;
        }));
        for (Process p : clients) {
            assertThat(p.isAlive()).as("still frozen: the server, not the client, ended the connection").isTrue();
        }
    }

    @Test
    void clientsFrozenWithAResponseUnreadAreAbortedAfterTheIdleTimeout(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed: test skipped");
        var timeouts = new ListenerTimeouts(TIMEOUT, TIMEOUT, TIMEOUT, Duration.ZERO);
        HttpHandler handler = Router.create()
                .get("/whole", r -> HttpResponse.bytes(200, "application/octet-stream", new byte[16 << 20]))
                .get("/stream", r -> HttpResponse.stream(200, "application/octet-stream", out -> {
                    for (int i = 0; i < 1024; i++) {
                        out.write(new byte[64 * 1024]);
                    }
                }));
        server = loop.runUntilComplete(HttpServer.start(loop, handler, "127.0.0.1", 0,
                HttpServerOptions.DEFAULTS.withTimeouts(timeouts)));
        loop.setExceptionHandler((l, context) -> reported.add(context));
        int port = server.port();
        Path script = Files.writeString(dir.resolve("freeze.py"), FREEZING_CLIENT);

        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), () -> {
            var started = new ArrayList<Future<Process>>();
            for (String path : List.of("/whole", "/stream")) {
                started.add(loop.runInExecutor(null, () -> freezingClient(script, port, path)));
            }
            for (Process p : Async.gather(started).await()) {
                while (!stopped(p)) {
                    Async.sleep(Duration.ofMillis(5));
                }
            }
            long frozenAt = loop.time();
            Async.sleep(Duration.ofMillis(500));
            assertThat(server.connectionCount()).isEqualTo(2);
            while (server.connectionCount() > 0 && loop.time() - frozenAt < TimeUnit.SECONDS.toNanos(8)) {
                Async.sleep(Duration.ofMillis(10));
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(loop.time() - frozenAt);
            System.out.println("two clients frozen with a response unread: " + server.connectionCount()
                    + " still open " + tookMs + " ms after they froze");
            assertThat(server.connectionCount()).as("connections to clients that read nothing").isZero();
            assertThat(tookMs).as("aborted at the 1.5 s idle timeout").isLessThan(5_000);
            return null;
        }));
        assertThat(reported).as("an abort for a client that does not read is routine").isEmpty();
    }
}
