package io.corio.servers.http;

import static io.corio.servers.http.HttpFixture.closedByServer;
import static io.corio.servers.http.HttpFixture.received;
import static io.corio.servers.http.HttpFixture.responses;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.Future;
import io.corio.servers.config.ListenerLimits;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection on a TestLoop and a MemoryTransport: keep-alive, pipelining, bodies, errors, no sockets. */
class HttpConnectionTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    private HttpFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private HttpFixture serve(HttpHandler handler) {
        fixture = new HttpFixture(handler);
        return fixture;
    }

    @Test
    void helloWorldAnswersWithLengthServerAndDate() {
        var f = serve(HttpServer.helloWorld());
        var c = f.connect();
        f.send(c, GET);
        assertThat(c.peer().text()).containsPattern("Date: \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n");
        assertThat(received(c)).isEqualTo("HTTP/1.1 200 OK\r\nServer: corio\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 13\r\n\r\nHello, World!");
        assertThat(closedByServer(c)).isFalse();
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() {
        var f = serve(r -> HttpResponse.text(r.path()));
        var c = f.connect();
        f.send(c, "GET /one HTTP/1.1\r\nHost: h\r\n\r\n");
        f.send(c, "GET /two HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(received(c)).contains("/one").endsWith("/two");
        assertThat(responses(c)).isEqualTo(2);
        assertThat(closedByServer(c)).isFalse();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        var f = serve(r -> {
            Async.sleep(Duration.ofMillis(Long.parseLong(r.queryParam("wait"))));
            return HttpResponse.text(r.queryParam("n"));
        });
        var c = f.connect();
        f.send(c, "GET /?n=1&wait=300 HTTP/1.1\r\nHost: h\r\n\r\nGET /?n=2&wait=0 HTTP/1.1\r\nHost: h\r\n\r\n"
                + "GET /?n=3&wait=100 HTTP/1.1\r\nHost: h\r\n\r\n");
        f.advance(Duration.ofSeconds(1));
        String text = received(c);
        assertThat(responses(c)).isEqualTo(3);
        assertThat(text.indexOf("\r\n\r\n1")).isLessThan(text.indexOf("\r\n\r\n2"));
        assertThat(text.indexOf("\r\n\r\n2")).isLessThan(text.indexOf("\r\n\r\n3"));
    }

    @Test
    void readingStopsWhileThePipelineBoundIsReached() {
        List<Future<Void>> gates = new ArrayList<>();
        fixture = new HttpFixture(r -> {
            Future<Void> gate = Async.runningLoop().createFuture();
            gates.add(gate);
            gate.await();
            return HttpResponse.text("ok");
        }, HttpServerOptions.DEFAULTS.withLimits(limits(2)));
        var c = fixture.connect();
        fixture.send(c, GET.repeat(6));
        assertThat(gates).hasSize(3); // the one being answered and two read ahead
        assertThat(c.isReading()).isFalse();
        gates.forEach(g -> g.setResult(null));
        fixture.loop.runReady();
        gates.subList(3, gates.size()).forEach(g -> g.setResult(null));
        fixture.loop.runReady();
        assertThat(gates).hasSize(6);
        assertThat(responses(c)).isEqualTo(6);
    }

    @Test
    void http10ClosesUnlessItAsksForKeepAlive() {
        var f = serve(r -> HttpResponse.text("x"));
        var plain = f.connect();
        f.send(plain, "GET / HTTP/1.0\r\n\r\n");
        assertThat(received(plain)).contains("Connection: close\r\n");
        assertThat(closedByServer(plain)).isTrue();
        var keep = f.connect();
        f.send(keep, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(received(keep)).contains("Connection: keep-alive\r\n");
        assertThat(closedByServer(keep)).isFalse();
    }

    @Test
    void connectionCloseClosesAfterTheResponse() {
        var f = serve(r -> HttpResponse.text("bye"));
        var c = f.connect();
        f.send(c, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertThat(received(c)).contains("Connection: close\r\n").endsWith("bye");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void headGetsTheHeadersOfGetWithoutTheBody() {
        var f = serve(Router.create().get("/", r -> HttpResponse.text("body text")));
        var c = f.connect();
        f.send(c, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n" + GET);
        assertThat(received(c)).startsWith("HTTP/1.1 200 OK\r\nServer: corio\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 9\r\n\r\nHTTP/1.1 200 OK").endsWith("\r\n\r\nbody text");
    }

    @Test
    void chunkedRequestBodyIsDechunkedWithTrailers() {
        var f = serve(r -> HttpResponse.text(r.text() + "|" + r.trailers().get("x-sum")));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n!\r\n0\r\n"
                + "X-Sum: 6\r\n\r\n");
        assertThat(received(c)).endsWith("hello!|6");
    }

    @Test
    void streamingResponseWithoutLengthIsChunked() {
        var f = serve(r -> HttpResponse.stream(200, "text/plain", out -> {
            out.write("ab");
            out.write("cde");
        }));
        var c = f.connect();
        f.send(c, GET);
        assertThat(received(c)).contains("Transfer-Encoding: chunked\r\n")
                .endsWith("\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n");
        f.send(c, GET);
        assertThat(responses(c)).isEqualTo(2);
    }

    @Test
    void handlerExceptionIs500AndTheConnectionStaysUsable() {
        var f = serve(r -> {
            if (r.path().equals("/boom")) {
                throw new IllegalStateException("boom");
            }
            return HttpResponse.text("fine");
        });
        var c = f.connect();
        f.send(c, "GET /boom HTTP/1.1\r\nHost: h\r\n\r\n" + GET);
        assertThat(received(c)).startsWith("HTTP/1.1 500 Internal Server Error").endsWith("fine");
        assertThat(f.errors).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
        assertThat(closedByServer(c)).isFalse();
    }

    @Test
    void httpExceptionFromAHandlerIsItsStatus() {
        var f = serve(r -> r.json(java.util.Map.class) == null ? null : HttpResponse.text("parsed"));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n{\"a\": }");
        assertThat(received(c)).startsWith("HTTP/1.1 400 Bad Request").contains("invalid JSON body at line 1, column 7");
        assertThat(f.errors).isEmpty();
    }

    @Test
    void badRequestAfterAGoodOneIsAnsweredInOrderThenCloses() {
        var f = serve(r -> HttpResponse.text("good"));
        var c = f.connect();
        f.send(c, GET + "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        assertThat(received(c)).startsWith("HTTP/1.1 200 OK").contains("good" + "HTTP/1.1 400 Bad Request")
                .contains("Connection: close\r\n").endsWith("conflicting Content-Length values\n");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void bodyOverTheLimitMidChunksIs413AndCloses() {
        fixture = new HttpFixture(r -> HttpResponse.text(r.text()), HttpServerOptions.DEFAULTS.withLimits(bodyLimit(4)));
        var c = fixture.connect();
        fixture.send(c, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
        assertThat(received(c)).startsWith("HTTP/1.1 413 Content Too Large").contains("Connection: close");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void streamingBodyReaderGetsThePiecesInOrder() {
        var f = serve(r -> {
            var sb = new StringBuilder();
            ByteBuf piece;
            while ((piece = r.bodyReader().read().await()) != null) {
                sb.append(piece.toString(StandardCharsets.UTF_8)).append('/');
                piece.release();
            }
            return HttpResponse.text(sb.toString());
        });
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nabc");
        f.send(c, "def");
        assertThat(received(c)).endsWith("abc/def/");
    }

    @Test
    void anUnreadBodyIsDroppedAndTheNextRequestServed() {
        var f = serve(r -> HttpResponse.text("saw " + r.method()));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhel");
        f.send(c, "lo" + GET);
        assertThat(received(c)).contains("saw POST").endsWith("saw GET");
        assertThat(closedByServer(c)).isFalse();
    }

    @Test
    void aClientThatHalfClosesStillGetsItsAnswers() {
        var f = serve(r -> HttpResponse.text("answer"));
        var c = f.connect();
        c.peerTransport().write(GET + GET);
        c.peerTransport().writeEof();
        f.loop.runReady();
        assertThat(responses(c)).isEqualTo(2);
        assertThat(received(c)).endsWith("answer");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void aDirectHandlerAnswersAPipelinedBatchInOneWriteAfterTheWholeBody() {
        var f = serve(HttpHandler.direct(r -> HttpResponse.text(r.method() + " " + r.text())));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertThat(received(c)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        f.send(c, "body" + GET + GET);
        assertThat(responses(c)).isEqualTo(4); // 100 Continue and three answers
        assertThat(received(c)).contains("POST body").endsWith("GET ");
        assertThat(c.peer().events()).containsExactly("connectionMade", "data:25", "data:" + (c.peer().size() - 25));
    }

    @Test
    void requestsArrivingOneByteAtATimeGetTheSameAnswers() {
        var f = serve(r -> HttpResponse.text(r.method() + " " + r.path() + " " + r.text() + "\n"));
        var c = f.connect();
        c.peerTransport().setChunkSize(1);
        f.send(c, GET + "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                + "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n");
        assertThat(responses(c)).isEqualTo(3);
        assertThat(received(c)).contains("GET / \n", "POST /p abc\n").endsWith("PUT /c xy\n");
    }

    @Test
    void streamedAndWholeAnswersToPipelinedRequestsKeepTheirOrder() {
        var f = serve(r -> switch (r.path()) {
            case "/slow-stream" -> HttpResponse.stream(200, "text/plain", out -> {
                out.write("s1 ");
                Async.sleep(Duration.ofMillis(100));
                out.write("s2 ");
            });
            case "/late-stream" -> {
                Async.sleep(Duration.ofMillis(10));
                yield HttpResponse.stream(200, "text/plain", out -> out.write("late "));
            }
            default -> HttpResponse.text("whole ");
        });
        var c = f.connect();
        f.send(c, "GET /slow-stream HTTP/1.1\r\nHost: h\r\n\r\nGET /late-stream HTTP/1.1\r\nHost: h\r\n\r\n" + GET);
        f.advance(Duration.ofSeconds(1));
        String text = received(c);
        assertThat(responses(c)).isEqualTo(3);
        assertThat(text).containsSubsequence("s1 ", "s2 ", "\r\n0\r\n\r\n", "HTTP/1.1 200", "late ", "\r\n0\r\n\r\n",
                "HTTP/1.1 200", "whole ");
    }

    static ListenerLimits limits(int pipeline) {
        var d = ListenerLimits.DEFAULTS;
        return new ListenerLimits(d.maxConnections(), d.readSize(), d.readBuffer(), d.writeHighWater(),
                d.writeLowWater(), d.requestLine(), d.headerBytes(), d.headerCount(), d.bodySize(), pipeline,
                d.frameLength(), d.inFlight());
    }

    static ListenerLimits bodyLimit(long bodySize) {
        var d = ListenerLimits.DEFAULTS;
        return new ListenerLimits(d.maxConnections(), d.readSize(), d.readBuffer(), d.writeHighWater(),
                d.writeLowWater(), d.requestLine(), d.headerBytes(), d.headerCount(), bodySize, d.pipeline(),
                d.frameLength(), d.inFlight());
    }
}
