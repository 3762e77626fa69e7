package io.corio.servers.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.TlsContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over real sockets (TCP, TLS, Unix) against scripted raw servers. */
class HttpClientSocketTest {
    private static final CertifiedKey LOCALHOST = Certificates.selfSigned("localhost");
    private final EventLoop loop = EventLoop.create();
    private HttpClient client;

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        loop.close();
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(() -> {
            try {
                return Async.timeout(Duration.ofSeconds(20), body);
            } finally {
                if (client != null) {
                    client.close();
                }
            }
        });
    }

    private Server tcp(ScriptedServer.Factory factory) {
        return Network.createServer(loop, factory, "127.0.0.1", 0).await();
    }

    private static HttpClientException failure(Throwable t) {
        assertThat(t).isInstanceOf(HttpClientException.class);
        return (HttpClientException) t;
    }

    @Test
    void chunkedBodyWithTrailersArrivesWhole() {
        var factory = new ScriptedServer.Factory((c, request, i) -> c.reply("HTTP/1.1 200 OK\r\n"
                + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n3\r\nabc\r\n10\r\n" + "0123456789abcdef"
                + "\r\n0\r\nX-Sum: 42\r\n\r\n"));
        var r = run(() -> {
            Server server = tcp(factory);
            client = HttpClient.create(loop);
            var response = client.get("http://127.0.0.1:" + server.port() + "/").await();
            server.close();
            return response;
        });
        assertThat(r.text()).isEqualTo("abc0123456789abcdef");
        assertThat(r.trailers().get("x-sum")).isEqualTo("42");
    }

    @Test
    void bodyDelimitedByCloseEndsAtTheServersClose() {
        var factory = new ScriptedServer.Factory((c, request, i) -> {
            c.reply("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nüntil close");
            c.transport.close();
        });
        var r = run(() -> {
            Server server = tcp(factory);
            client = HttpClient.create(loop);
            var response = client.get("http://127.0.0.1:" + server.port() + "/").await();
            Async.sleep(Duration.ofMillis(10));
            assertThat(client.openConnections()).isZero();
            server.close();
            return response;
        });
        assertThat(r.text()).isEqualTo("üntil close");
    }

    @Test
    void continueResponsesAreSkipped() {
        var factory = new ScriptedServer.Factory((c, request, i) -> {
            c.reply("HTTP/1.1 100 Continue\r\n\r\n");
            c.ok("after continue");
        });
        var r = run(() -> {
            Server server = tcp(factory);
            client = HttpClient.create(loop);
            var request = HttpClientRequest.post("http://127.0.0.1:" + server.port() + "/up", "body")
                    .withHeader("Expect", "100-continue");
            var response = client.send(request).await();
            server.close();
            return response;
        });
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("after continue");
    }

    @Test
    void malformedResponseFailsWithTheOffendingLine() {
        var factory = new ScriptedServer.Factory((c, request, i) -> c.reply("HTTP/1.1 OK\r\n\r\n"));
        Throwable t = run(() -> {
            Server server = tcp(factory);
            client = HttpClient.create(loop);
            var f = client.get("http://127.0.0.1:" + server.port() + "/");
            Async.waitFor(java.util.List.of(f), io.corio.loop.ReturnWhen.ALL_COMPLETED);
            server.close();
            return f.exception();
        });
        assertThat(failure(t).kind()).isEqualTo(Kind.MALFORMED);
        assertThat(t).hasMessageContaining("GET http://127.0.0.1:").hasMessageContaining("\"HTTP/1.1 OK\"");
    }

    @Test
    void serverClosingAnIdleConnectionMakesTheNextRequestUseANewOne() {
        var factory = new ScriptedServer.Factory((c, request, i) -> {
            c.ok("conn" + c.number);
            c.transport.close();
        });
        run(() -> {
            Server server = tcp(factory);
            client = HttpClient.create(loop);
            String url = "http://127.0.0.1:" + server.port() + "/";
            assertThat(client.get(url).await().text()).isEqualTo("conn0");
            assertThat(client.get(url).await().text()).isEqualTo("conn1");
            server.close();
            return null;
        });
    }

    @Test
    void reusedConnectionThatDiesBeforeAnsweringIsRetriedOnANewOne() {
        var factory = new ScriptedServer.Factory((c, request, i) -> {
            if (c.number == 0 && i == 1) {
                c.transport.abort();
            } else {
                c.ok("conn" + c.number);
            }
        });
        run(() -> {
            Server server = tcp(factory);
            client = HttpClient.create(loop);
            String url = "http://127.0.0.1:" + server.port() + "/";
            assertThat(client.get(url).await().text()).isEqualTo("conn0");
            assertThat(client.get(url).await().text()).isEqualTo("conn1");
            server.close();
            return null;
        });
        assertThat(factory.requests()).hasSize(3);
    }

    @Test
    void refusedConnectionIsAConnectFailure() {
        Throwable t = run(() -> {
            Server server = tcp(new ScriptedServer.Factory((c, request, i) -> { }));
            int port = server.port();
            server.close();
            server.waitClosed().await();
            client = HttpClient.create(loop);
            var f = client.get("http://127.0.0.1:" + port + "/");
            Async.waitFor(java.util.List.of(f), io.corio.loop.ReturnWhen.ALL_COMPLETED);
            return f.exception();
        });
        assertThat(failure(t).kind()).isEqualTo(Kind.CONNECT);
    }

    private Server tls(ScriptedServer.Factory factory) throws Exception {
        var context = TlsContext.server(LOCALHOST).alpn("http/1.1").build();
        return Network.createServer(loop, factory, "127.0.0.1", 0, ServerOptions.DEFAULTS.withTls(context)).await();
    }

    private TlsContext trusting() throws Exception {
        Path cert = dir.resolve("cert.pem");
        LOCALHOST.writePem(cert, dir.resolve("key.pem"));
        return TlsContext.client().trust(cert).alpn("http/1.1").build();
    }

    @Test
    void httpsWithATrustedCertificateNegotiatesHttp11() throws Exception {
        var alpn = new String[1];
        var factory = new ScriptedServer.Factory((c, request, i) -> {
            alpn[0] = c.transport.extra(Extra.ALPN_PROTOCOL);
            c.ok("secure");
        });
        var trust = trusting();
        var r = run(() -> {
            Server server = tls(factory);
            client = HttpClient.create(loop, HttpClientOptions.DEFAULTS.withTls(trust));
            var response = client.get("https://localhost:" + server.port() + "/").await();
            assertThat(client.get("https://localhost:" + server.port() + "/again").await().text())
                    .isEqualTo("secure");
            server.close();
            return response;
        });
        assertThat(r.text()).isEqualTo("secure");
        assertThat(alpn[0]).isEqualTo("http/1.1");
        assertThat(factory.connections).hasSize(1); // the TLS connection was kept and reused
    }

    @Test
    void httpsToANameTheCertificateDoesNotHoldFailsVerification() throws Exception {
        var trust = trusting();
        Throwable t = run(() -> {
            Server server = tls(new ScriptedServer.Factory((c, request, i) -> c.ok("no")));
            client = HttpClient.create(loop, HttpClientOptions.DEFAULTS.withTls(trust));
            var f = client.get("https://127.0.0.1:" + server.port() + "/");
            Async.waitFor(java.util.List.of(f), io.corio.loop.ReturnWhen.ALL_COMPLETED);
            server.close();
            return f.exception();
        });
        assertThat(failure(t).kind()).isEqualTo(Kind.CONNECT);
        assertThat(t).hasMessageContaining("TLS handshake failed");
    }

    @Test
    void httpsToAnUntrustedCertificateFailsWithTheDefaultTrust() {
        Throwable t = run(() -> {
            Server server = tls(new ScriptedServer.Factory((c, request, i) -> c.ok("no")));
            client = HttpClient.create(loop);
            var f = client.get("https://localhost:" + server.port() + "/");
            Async.waitFor(java.util.List.of(f), io.corio.loop.ReturnWhen.ALL_COMPLETED);
            server.close();
            return f.exception();
        });
        assertThat(failure(t).kind()).isEqualTo(Kind.CONNECT);
    }

    @Test
    void unixSocketOptionSendsEveryRequestToTheSocket() {
        Path socket = dir.resolve("http.sock");
        var factory = new ScriptedServer.Factory((c, request, i) -> c.ok(request.substring(0, request.indexOf("\r\n"))
                + " " + request.contains("Host: localhost\r\n")));
        var r = run(() -> {
            Server server = Network.createUnixServer(loop, factory, socket, ServerOptions.DEFAULTS).await();
            client = HttpClient.create(loop, HttpClientOptions.DEFAULTS.withUnixSocket(socket));
            var response = client.get("http://localhost/v1/info?x=1").await();
            server.close();
            return response;
        });
        assertThat(r.text()).isEqualTo("GET /v1/info?x=1 HTTP/1.1 true");
        assertThat(Files.exists(socket)).isFalse();
    }
}
