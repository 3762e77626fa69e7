package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.TlsContext;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on real loopback sockets against clients nobody here wrote: curl and Python. */
class HttpSocketTest {
    private static final long LIMIT_SECONDS = 30;
    private static final String PYTHON = "/usr/bin/python3";
    private final EventLoop loop = EventLoop.create();
    private Server server;

    @TempDir
    Path temp;

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
            server.abortClients();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    private int serve(HttpHandler handler) {
        server = loop.runUntilComplete(HttpServer.start(loop, handler, "127.0.0.1", 0, HttpServerOptions.DEFAULTS));
        return server.port();
    }

    private static final HttpHandler ECHO = Router.create()
            .get("/", r -> HttpResponse.text("Hello, World!"))
            .get("/{name}", r -> HttpResponse.text("path " + r.pathParam("name") + "\n"))
            .post("/upload", r -> {
                byte[] body = r.body().await();
                long sum = 0;
                for (byte b : body) {
                    sum += b & 0xff;
                }
                return HttpResponse.text("received " + body.length + " bytes, sum " + sum + "\n");
            });

    @Test
    void curlReusesTheConnectionForTwoUrls() throws Exception {
        int port = serve(ECHO);
        String out = run(List.of("curl", "-sv", "http://127.0.0.1:" + port + "/a", "http://127.0.0.1:" + port + "/b"));
        assertThat(out).contains("path a\n", "path b\n", "Re-using existing connection");
    }

    @Test
    void curlUploadsAChunkedBody() throws Exception {
        int port = serve(ECHO);
        Path file = upload(100_000);
        String out = run(List.of("curl", "-sv", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                "http://127.0.0.1:" + port + "/upload"));
        assertThat(out).contains("> Transfer-Encoding: chunked", "received 100000 bytes, sum " + sum(file));
    }

    @Test
    void curlWaitsFor100ContinueBeforeSendingTheBody() throws Exception {
        int port = serve(ECHO);
        Path file = upload(50_000);
        String out = run(List.of("curl", "-sv", "-H", "Expect: 100-continue", "--data-binary", "@" + file,
                "http://127.0.0.1:" + port + "/upload"));
        assertThat(out).contains("< HTTP/1.1 100 Continue", "received 50000 bytes, sum " + sum(file));
    }

    @Test
    void curlHeadShowsTheHeadersWithoutABody() throws Exception {
        int port = serve(ECHO);
        String out = run(List.of("curl", "-sI", "http://127.0.0.1:" + port + "/"));
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 13\r\n", "Server: corio\r\n")
                .doesNotContain("Hello");
    }

    @Test
    void pythonPipelinedRequestsAreAnsweredInOrder() throws Exception {
        int port = serve(ECHO);
        String out = python("""
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                req = "GET /{} HTTP/1.1\\r\\nHost: x\\r\\n{}\\r\\n"
                s.sendall("".join(req.format(n, "Connection: close\\r\\n" if n == 5 else "") for n in range(1, 6)).encode())
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                print(data.decode().count("HTTP/1.1 200 OK"), [l for l in data.decode().split("\\n") if l.startswith("path")])
                """, port);
        assertThat(out.strip()).isEqualTo("5 ['path 1', 'path 2', 'path 3', 'path 4', 'path 5']");
    }

    @Test
    void pythonHttpClientKeepsTheConnectionAlive() throws Exception {
        int port = serve(ECHO);
        String out = python("""
                import http.client, sys
                c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
                c.request("GET", "/one"); r = c.getresponse(); first = r.read(); sock = c.sock
                c.request("GET", "/two"); r2 = c.getresponse(); second = r2.read()
                print(r.status, first.decode().strip(), r2.status, second.decode().strip(), sock is c.sock)
                """, port);
        assertThat(out.strip()).isEqualTo("200 path one 200 path two True");
    }

    @Test
    void pythonMalformedRequestsGetTheirStatusAndAClose() throws Exception {
        int port = serve(ECHO);
        String out = python("""
                import socket, sys
                cases = [
                    b"GET / HTTP/1.1\\r\\n\\r\\n",
                    b"GET /" + b"a" * 9000 + b" HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
                    b"GET / HTTP/1.1\\r\\nHost: x\\r\\n" + b"X-A: 1\\r\\n" * 101 + b"\\r\\n",
                    b"POST /upload HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n",
                    b"POST /upload HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 9999999\\r\\n\\r\\n",
                    b"POST /upload HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n",
                    b"GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: 1\\r\\n folded\\r\\n\\r\\n",
                    b"GET / HTTP/3.0\\r\\nHost: x\\r\\n\\r\\n",
                ]
                for case in cases:
                    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                    s.sendall(case)
                    data = b""
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    print(data.split(b"\\r\\n")[0].decode(), b"Connection: close" in data)
                """, port);
        assertThat(out.lines().toList()).containsExactly("HTTP/1.1 400 Bad Request True",
                "HTTP/1.1 414 URI Too Long True", "HTTP/1.1 431 Request Header Fields Too Large True",
                "HTTP/1.1 400 Bad Request True", "HTTP/1.1 413 Content Too Large True",
                "HTTP/1.1 400 Bad Request True", "HTTP/1.1 400 Bad Request True",
                "HTTP/1.1 505 HTTP Version Not Supported True");
    }

    @Test
    void curlSpeaksHttpsWithAlpnHttp11() throws Exception {
        Path cert = temp.resolve("cert.pem");
        CertifiedKey key = Certificates.selfSigned("localhost");
        key.writePem(cert, temp.resolve("key.pem"));
        var tls = TlsContext.server(key).alpn("http/1.1").build();
        server = loop.runUntilComplete(HttpServer.start(loop, ECHO, "127.0.0.1", 0, HttpServerOptions.DEFAULTS,
                ServerOptions.DEFAULTS.withTls(tls)));
        int port = server.port();
        String out = run(List.of("curl", "-sv", "--cacert", cert.toString(), "--resolve", "localhost:" + port
                + ":127.0.0.1", "https://localhost:" + port + "/", "https://localhost:" + port + "/again"));
        assertThat(out).contains("ALPN: server accepted http/1.1", "Hello, World!", "path again",
                "Re-using existing connection");
    }

    @Test
    void curlOverAUnixSocket() throws Exception {
        Path socket = temp.resolve("http.sock");
        var service = HttpServer.service(loop, ECHO, HttpServerOptions.DEFAULTS);
        server = loop.runUntilComplete(Network.createUnixServer(loop, service.protocolFactory(), socket,
                ServerOptions.DEFAULTS));
        String out = run(List.of("curl", "-s", "--unix-socket", socket.toString(), "http://localhost/unix"));
        assertThat(out).isEqualTo("path unix\n");
    }

    private Path upload(int size) throws IOException {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        return Files.write(temp.resolve("upload.bin"), data);
    }

    private static long sum(Path file) throws IOException {
        long sum = 0;
        for (byte b : Files.readAllBytes(file)) {
            sum += b & 0xff;
        }
        return sum;
    }

    private String python(String script, int port) throws Exception {
        requireTool(PYTHON);
        return run(List.of(PYTHON, "-c", script, String.valueOf(port)));
    }

    /** Runs {@code command} on another thread while the loop serves; returns its stdout and stderr. */
    private String run(List<String> command) throws Exception {
        requireTool(command.getFirst());
        Future<String> output = Future.of(loop, CompletableFuture.supplyAsync(() -> {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().close();
                byte[] bytes = p.getInputStream().readAllBytes();
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        return loop.runUntilComplete(output);
    }

    private static void requireTool(String tool) {
        boolean found = tool.startsWith("/") ? new File(tool).canExecute() : pathHas(tool);
        Assumptions.assumeTrue(found, () -> {
            System.out.println("skipped: " + tool + " is not installed");
            return tool + " is not installed";
        });
    }

    private static boolean pathHas(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        return dirs.stream().anyMatch(d -> new File(d, tool).canExecute());
    }
}
