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
