package io.corio.servers.http;

import static io.corio.servers.http.HttpFixture.closedByServer;
import static io.corio.servers.http.HttpFixture.received;
import static io.corio.servers.http.HttpFixture.responses;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 100-continue, timeouts on virtual time, graceful drain and write backpressure, on in-memory connections. */
class HttpLifecycleTest {
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
    void continueIsSentOnlyWhenTheHandlerReadsTheBody() {
        var f = serve(r -> HttpResponse.text("got " + r.text()));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertThat(received(c)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        f.send(c, "data");
        assertThat(received(c)).endsWith("got data");
        assertThat(closedByServer(c)).isFalse();
    }

    @Test
    void aHandlerThatIgnoresTheBodyAnswersWithoutContinueAndCloses() {
        var f = serve(r -> HttpResponse.of(HttpStatus.FORBIDDEN));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        assertThat(received(c)).doesNotContain("100 Continue").startsWith("HTTP/1.1 403 Forbidden")
                .contains("Connection: close");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void otherExpectationsAre417() {
        var f = serve(r -> HttpResponse.text("no"));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nExpect: something\r\nContent-Length: 4\r\n\r\n");
        assertThat(received(c)).startsWith("HTTP/1.1 417 Expectation Failed");
    }

    @Test
    void aSlowHeadGets408AfterTheHeaderTimeout() {
        var f = serve(r -> HttpResponse.text("late"));
        var c = f.connect();
        f.send(c, "GET / HTTP/1.1\r\nHo");
        f.advance(Duration.ofSeconds(9));
        assertThat(closedByServer(c)).isFalse();
        f.advance(Duration.ofSeconds(2));
        assertThat(received(c)).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void aHeadDrippedByteByByteStillTimesOutAfterTheHeaderTimeout() {
        var f = serve(r -> HttpResponse.text("late"));
        var c = f.connect();
        for (char ch : "GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaa".toCharArray()) { // 39 bytes over 19.5 s
            f.send(c, String.valueOf(ch));
            f.advance(Duration.ofMillis(500));
        }
        assertThat(received(c)).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedSilentlyAfterTheHeaderTimeout() {
        var f = serve(r -> HttpResponse.text("x"));
        var c = f.connect();
        f.advance(Duration.ofSeconds(11));
        assertThat(closedByServer(c)).isTrue();
        assertThat(c.peer().text()).isEmpty();
    }

    @Test
    void anIdleKeepAliveConnectionClosesAfterTheIdleTimeout() {
        var f = serve(r -> HttpResponse.text("x"));
        var c = f.connect();
        f.send(c, GET);
        f.advance(Duration.ofSeconds(59));
        f.send(c, GET);
        f.advance(Duration.ofSeconds(59));
        assertThat(closedByServer(c)).isFalse();
        f.advance(Duration.ofSeconds(2));
        assertThat(responses(c)).isEqualTo(2);
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void aStalledBodyGets408AfterTheBodyTimeout() {
        var f = serve(r -> HttpResponse.text(r.text()));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        f.advance(Duration.ofSeconds(20));
        f.send(c, "def");
        f.advance(Duration.ofSeconds(20));
        assertThat(closedByServer(c)).isFalse();
        f.advance(Duration.ofSeconds(11));
        assertThat(received(c)).startsWith("HTTP/1.1 408 Request Timeout").contains("Connection: close");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void aStalledBodyGets408AlsoWithADirectHandler() {
        fixture = new HttpFixture(HttpHandler.direct(r -> HttpResponse.text(r.text())));
        var c = fixture.connect();
        fixture.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        fixture.advance(Duration.ofSeconds(31));
        assertThat(received(c)).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void aClientThatClosesMidBodyGets400() {
        var f = serve(r -> HttpResponse.text(r.text()));
        var c = f.connect();
        f.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc");
        c.peerTransport().writeEof();
        f.loop.runReady();
        assertThat(received(c)).startsWith("HTTP/1.1 400 Bad Request").endsWith("connection closed in the middle of a request\n");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void drainAnswersWhatWasReadWithCloseAndClosesIdleConnectionsAtOnce() {
        List<Future<Void>> gates = new ArrayList<>();
        var f = serve(r -> {
            Future<Void> gate = Async.runningLoop().createFuture();
            gates.add(gate);
            gate.await();
            return HttpResponse.text("done");
        });
        var busy = f.connect();
        var idle = f.connect();
        f.send(busy, GET + GET);
        Future<Void> drained = f.service.drain();
        f.loop.runReady();
        assertThat(closedByServer(idle)).isTrue();
        assertThat(closedByServer(busy)).isFalse();
        gates.forEach(g -> g.setResult(null));
        f.loop.runReady();
        assertThat(responses(busy)).isEqualTo(2);
        assertThat(received(busy)).containsOnlyOnce("Connection: close");
        assertThat(closedByServer(busy)).isTrue();
        assertThat(drained.isDone()).isTrue();
        assertThat(f.service.connections()).isZero();
    }

    @Test
    void aClientThatDoesNotReadItsAnswersIsNoLongerRead() {
        var f = serve(r -> HttpResponse.bytes(200, "application/octet-stream", new byte[40_000]));
        var c = f.connect();
        c.peerTransport().pauseReading();
        f.send(c, GET.repeat(3));
        assertThat(c.isReading()).isFalse();
        assertThat(c.writeBufferSize()).isGreaterThan(64 * 1024);
        c.peerTransport().resumeReading();
        f.loop.runReady();
        assertThat(c.isReading()).isTrue();
        f.send(c, GET);
        assertThat(responses(c)).isEqualTo(4);
    }

    @Test
    void aLostConnectionCancelsItsHandlers() {
        List<io.corio.loop.Task<?>> tasks = new ArrayList<>();
        var f = serve(r -> {
            tasks.add(Async.currentTask());
            Async.sleep(Duration.ofHours(1));
            return HttpResponse.text("never");
        });
        var c = f.connect();
        f.send(c, GET);
        c.peerTransport().abort();
        f.loop.runReady();
        assertThat(tasks).singleElement().satisfies(t -> assertThat(t.isDone()).isTrue()); // its sleep was cancelled
        assertThat(f.errors).isEmpty();
        assertThat(f.service.connections()).isZero();
    }

    @Test
    void aHandlerWhoseAwaitIsCancelledAnswers500() {
        var f = serve(r -> {
            Future<String> never = Async.runningLoop().createFuture();
            never.cancel();
            return HttpResponse.text(never.await());
        });
        var c = f.connect();
        f.send(c, GET);
        assertThat(received(c)).startsWith("HTTP/1.1 500 Internal Server Error");
        assertThat(closedByServer(c)).isFalse();
    }

    @Test
    void anUnreadBodyStopsReadingAtTheReadBufferLimitUntilTheHandlerReads() {
        List<Future<Void>> gate = new ArrayList<>();
        fixture = new HttpFixture(r -> {
            gate.getFirst().await();
            long total = 0;
            io.netty.buffer.ByteBuf piece;
            while ((piece = r.bodyReader().read().await()) != null) {
                total += piece.readableBytes();
                piece.release();
            }
            return HttpResponse.text("read " + total);
        });
        gate.add(fixture.loop.createFuture());
        var c = fixture.connect();
        c.peerTransport().setChunkSize(16 * 1024);
        fixture.send(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 300000\r\n\r\n" + "x".repeat(300_000));
        assertThat(c.isReading()).isFalse();
        assertThat(c.peerTransport().writeBufferSize()).isGreaterThan(200_000); // still with the client
        gate.getFirst().setResult(null);
        fixture.loop.runReady();
        assertThat(received(c)).endsWith("read 300000");
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnce() {
        var d = io.corio.servers.config.ListenerLimits.DEFAULTS;
        var one = new io.corio.servers.config.ListenerLimits(1, d.readSize(), d.readBuffer(), d.writeHighWater(),
                d.writeLowWater(), d.requestLine(), d.headerBytes(), d.headerCount(), d.bodySize(), d.pipeline(),
                d.frameLength(), d.inFlight());
        fixture = new HttpFixture(r -> HttpResponse.text("x"), HttpServerOptions.DEFAULTS.withLimits(one));
        var first = fixture.connect();
        var second = fixture.connect();
        assertThat(closedByServer(second)).isTrue();
        assertThat(closedByServer(first)).isFalse();
        assertThat(fixture.service.connections()).isEqualTo(1);
    }

    @Test
    void aStreamingBodyWaitsForASlowReader() {
        int[] written = {0};
        var f = serve(r -> HttpResponse.stream(200, "application/octet-stream", out -> {
            for (int i = 0; i < 64; i++) {
                out.write(new byte[16 * 1024]);
                written[0]++;
            }
        }));
        var c = f.connect();
        c.peerTransport().pauseReading();
        f.send(c, GET);
        assertThat(written[0]).isBetween(1, 8); // stopped near the 64 KiB high-water mark
        c.peerTransport().resumeReading();
        f.loop.runReady();
        assertThat(written[0]).isEqualTo(64);
        assertThat(c.peer().size()).isGreaterThan(64 * 16 * 1024);
    }
}
