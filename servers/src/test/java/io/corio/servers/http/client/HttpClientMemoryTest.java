package io.corio.servers.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.transports.Transport;
import io.corio.transports.testing.MemoryTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against scripted in-memory servers on a TestLoop: pooling, retries and timeouts in virtual time. */
class HttpClientMemoryTest {
    private static final String URL = "http://example.test/a";
    private final TestLoop loop = TestLoop.create();
    private HttpClient client;
    private ScriptedServer.Factory server;

    private HttpClient client(HttpClientOptions options, ScriptedServer.Script script) {
        server = new ScriptedServer.Factory(script);
        client = new HttpClient(loop, options, (origin, protocol) -> {
            Future<Transport> made = loop.createFuture();
            made.setResult(MemoryTransport.pair(loop, server.get(), protocol).client());
            return made;
        });
        return client;
    }

    private HttpClient client(ScriptedServer.Script script) {
        return client(HttpClientOptions.DEFAULTS, script);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        loop.advance(Duration.ofSeconds(1));
        loop.close();
    }

    private static HttpClientException failure(Throwable t) {
        assertThat(t).isInstanceOf(HttpClientException.class);
        return (HttpClientException) t;
    }

    @Test
    void secondRequestReusesTheIdleConnection() {
        client((c, request, i) -> c.ok("n" + i));
        assertThat(loop.runUntilComplete(client.get(URL)).text()).isEqualTo("n0");
        assertThat(client.idleConnections(URL)).isEqualTo(1);
        assertThat(loop.runUntilComplete(client.get(URL)).text()).isEqualTo("n1");
        assertThat(server.connections).hasSize(1);
        assertThat(server.requests().getFirst()).startsWith("GET /a HTTP/1.1\r\nHost: example.test\r\n");
    }

    @Test
    void concurrentRequestsOverTheLimitWaitForAFreeConnection() {
        client(HttpClientOptions.DEFAULTS.withMaxConnectionsPerHost(1), (c, request, i) -> c.ok("n" + i));
        var first = client.get(URL);
        var second = client.get(URL);
        assertThat(loop.runUntilComplete(second).text()).isEqualTo("n1");
        assertThat(first.result().text()).isEqualTo("n0");
        assertThat(server.connections).hasSize(1);
    }

    @Test
    void idleConnectionClosesAfterTheIdleTimeout() {
        client(HttpClientOptions.DEFAULTS.withIdleTimeout(Duration.ofSeconds(5)), (c, request, i) -> c.ok("x"));
        loop.runUntilComplete(client.get(URL));
        loop.advance(Duration.ofSeconds(4));
        assertThat(client.openConnections()).isEqualTo(1);
        loop.advance(Duration.ofSeconds(2));
        assertThat(client.openConnections()).isZero();
        assertThat(server.connections.getFirst().lost).isTrue();
    }

    @Test
    void connectionTheServerClosedWhileIdleIsNotReused() {
        client((c, request, i) -> {
            c.ok("conn" + c.number);
            c.transport.close();
        });
        loop.runUntilComplete(client.get(URL));
        loop.runReady();
        assertThat(client.openConnections()).isZero();
        assertThat(loop.runUntilComplete(client.get(URL)).text()).isEqualTo("conn1");
    }

    @Test
    void idempotentRequestIsRetriedOnceWhenAReusedConnectionDiesBeforeAnswering() {
        client((c, request, i) -> {
            if (c.number == 0 && i == 1) {
                c.transport.close(); // the race: the server gave up on the connection as the request arrived
            } else {
                c.ok("conn" + c.number);
            }
        });
        loop.runUntilComplete(client.get(URL));
        assertThat(loop.runUntilComplete(client.get(URL)).text()).isEqualTo("conn1");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void postIsNotRetriedWhenTheReusedConnectionDies() {
        client((c, request, i) -> {
            if (i == 1) {
                c.transport.close();
            } else {
                c.ok("ok");
            }
        });
        loop.runUntilComplete(client.get(URL));
        var post = client.send(HttpClientRequest.post(URL, "data"));
        assertThatThrownBy(() -> loop.runUntilComplete(post)).satisfies(t -> {
            assertThat(failure(t).kind()).isEqualTo(Kind.CLOSED);
            assertThat(failure(t).beforeResponse()).isTrue();
        }).hasMessageContaining("POST " + URL);
        assertThat(server.connections).hasSize(1);
    }

    @Test
    void missingResponseHeadTimesOut() {
        client(HttpClientOptions.DEFAULTS.withHeadersTimeout(Duration.ofSeconds(3)), (c, request, i) -> { });
        var f = client.get(URL);
        loop.advance(Duration.ofMillis(2999));
        assertThat(f.isDone()).isFalse();
        loop.advance(Duration.ofMillis(1));
        assertThat(failure(f.exception()).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(f.exception()).hasMessageContaining("no response head within 3000 ms");
        loop.runReady();
        assertThat(server.connections.getFirst().lost).isTrue();
    }

    @Test
    void slowBodyHitsTheTotalTimeout() {
        client(HttpClientOptions.DEFAULTS.withTotalTimeout(Duration.ofSeconds(10)),
                (c, request, i) -> c.reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        var f = client.get(URL);
        loop.advance(Duration.ofSeconds(10));
        assertThat(failure(f.exception()).kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(f.exception()).hasMessageContaining("within 10000 ms (total timeout)");
        loop.runReady();
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void bodyOverTheLimitFailsAndClosesTheConnection() {
        client(HttpClientOptions.DEFAULTS.withMaxResponseBytes(4), (c, request, i) -> c.ok("too long"));
        var f = client.get(URL);
        assertThatThrownBy(() -> loop.runUntilComplete(f))
                .satisfies(t -> assertThat(failure(t).kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("larger than 4 bytes");
        loop.runReady();
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void redirectsAreReturnedByDefaultAndFollowedWhenAsked() {
        ScriptedServer.Script script = (c, request, i) -> {
            if (request.startsWith("POST /a ")) {
                c.reply("HTTP/1.1 303 See Other\r\nLocation: /b?x=1\r\nContent-Length: 0\r\n\r\n");
            } else {
                c.ok(request.substring(0, request.indexOf("\r\n")));
            }
        };
        client(script);
        assertThat(loop.runUntilComplete(client.send(HttpClientRequest.post(URL, "p"))).status()).isEqualTo(303);
        client.close();
        client(HttpClientOptions.DEFAULTS.withMaxRedirects(3), script);
        var r = loop.runUntilComplete(client.send(HttpClientRequest.post(URL, "p")));
        assertThat(r.text()).isEqualTo("GET /b?x=1 HTTP/1.1");
        assertThat(r.uri().toString()).isEqualTo("http://example.test/b?x=1");
    }

    @Test
    void redirectLoopStopsAtTheLimit() {
        client(HttpClientOptions.DEFAULTS.withMaxRedirects(2),
                (c, request, i) -> c.reply("HTTP/1.1 302 Found\r\nLocation: /a\r\nContent-Length: 0\r\n\r\n"));
        assertThatThrownBy(() -> loop.runUntilComplete(client.get(URL)))
                .satisfies(t -> assertThat(failure(t).kind()).isEqualTo(Kind.REDIRECTS))
                .hasMessageContaining("more than 2 redirects");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void requestBodiesAreSentWithContentLengthOrChunked() {
        client((c, request, i) -> c.ok("ok"));
        loop.runUntilComplete(client.send(HttpClientRequest.post(URL, "hello")));
        loop.runUntilComplete(client.send(HttpClientRequest.post(URL, "hello").withChunked(true)));
        loop.runUntilComplete(client.send(HttpClientRequest.of("POST", URL)));
        List<String> requests = server.requests();
        assertThat(requests.get(0)).contains("Content-Length: 5\r\n\r\nhello");
        assertThat(requests.get(1)).contains("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                .doesNotContain("Content-Length");
        assertThat(requests.get(2)).contains("Content-Length: 0\r\n\r\n");
    }

    @Test
    void headResponseHasNoBodyAndTheConnectionStaysUsable() {
        client((c, request, i) -> c.reply(request.startsWith("HEAD")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n" : "HTTP/1.1 204 No Content\r\n\r\n"));
        var head = loop.runUntilComplete(client.send(HttpClientRequest.head(URL)));
        assertThat(head.body()).isEmpty();
        assertThat(head.header("content-length")).isEqualTo("42");
        assertThat(loop.runUntilComplete(client.get(URL)).status()).isEqualTo(204);
        assertThat(server.connections).hasSize(1);
    }

    @Test
    void unsolicitedBytesOnAnIdleConnectionRetireIt() {
        client((c, request, i) -> {
            c.ok("x");
            c.reply("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n");
        });
        loop.runUntilComplete(client.get(URL));
        loop.runReady();
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void announcedBodyOverTheLimitIsRefusedAtTheHead() {
        client(HttpClientOptions.DEFAULTS.withMaxResponseBytes(1000),
                (c, request, i) -> c.reply("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nstart"));
        assertThatThrownBy(() -> loop.runUntilComplete(client.get(URL)))
                .satisfies(t -> assertThat(failure(t).kind()).isEqualTo(Kind.TOO_LARGE))
                .hasMessageContaining("response body of 5000 bytes (Content-Length) larger than 1000 bytes");
    }

    @Test
    void zeroIdleTimeoutSendsConnectionCloseAndKeepsNothing() {
        client(HttpClientOptions.DEFAULTS.withIdleTimeout(Duration.ZERO), (c, request, i) -> c.ok("x"));
        loop.runUntilComplete(client.get(URL));
        loop.runReady();
        assertThat(server.requests().getFirst()).contains("\r\nConnection: close\r\n");
        assertThat(client.openConnections()).isZero();
    }

    @Test
    void connectFailuresKeepTheirCauseAndTimeoutsAreTimeouts() {
        for (var cause : List.of(new java.net.ConnectException("connect to example.test:80 failed"),
                new java.net.SocketTimeoutException("connect to example.test:80 timed out after 10000 ms"))) {
            var failing = new HttpClient(loop, HttpClientOptions.DEFAULTS, (origin, protocol) -> {
                Future<Transport> f = loop.createFuture();
                f.setException(cause);
                return f;
            });
            var result = failing.get(URL);
            assertThatThrownBy(() -> loop.runUntilComplete(result)).satisfies(t -> {
                assertThat(failure(t).kind()).isEqualTo(cause instanceof java.net.SocketTimeoutException
                        ? Kind.TIMEOUT : Kind.CONNECT);
                assertThat(t.getCause()).isSameAs(cause);
            }).hasMessage("GET " + URL + ": " + cause.getMessage());
            assertThat(failing.openConnections()).isZero();
            failing.close();
        }
    }

    @Test
    void cancelledWaiterGivesItsTurnToTheNextRequest() {
        client(HttpClientOptions.DEFAULTS.withMaxConnectionsPerHost(1), (c, request, i) -> {
            if (i == 0) {
                loop.callLater(Duration.ofSeconds(4), () -> c.ok("slow"));
            } else {
                c.ok("n" + i);
            }
        });
        var slow = client.get(URL);
        var cancelled = client.get(URL);
        loop.advance(Duration.ofSeconds(1));
        cancelled.cancel();
        loop.advance(Duration.ofSeconds(1));
        var next = client.get(URL);
        loop.advance(Duration.ofSeconds(3));
        assertThat(slow.result().text()).isEqualTo("slow");
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(next.result().text()).isEqualTo("n1");
        assertThat(server.connections).hasSize(1);
        assertThat(client.idleConnections(URL)).isEqualTo(1);
    }

    /** A JSON body both ways. */
    record Item(String name, int count) {
    }

    @Test
    void jsonGoesOutWithItsContentTypeAndComesBackAsObjects() {
        client((c, request, i) -> {
            String body = request.substring(request.indexOf("\r\n\r\n") + 4);
            c.reply(i == 0 ? "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body : "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{oops");
        });
        var echoed = loop.runUntilComplete(client.send(HttpClientRequest.of("POST", URL).withJson(new Item("pen", 3))));
        assertThat(server.requests().getFirst()).contains("Content-Type: application/json\r\n");
        assertThat(echoed.json(Item.class)).isEqualTo(new Item("pen", 3));
        assertThat(echoed.json().get("count").asInt()).isEqualTo(3);
        var broken = loop.runUntilComplete(client.get(URL));
        assertThatThrownBy(() -> broken.json(Item.class))
                .satisfies(t -> assertThat(failure(t).kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("the body is not JSON for Item");
    }
}
