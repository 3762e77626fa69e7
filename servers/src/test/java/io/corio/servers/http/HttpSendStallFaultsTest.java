package io.corio.servers.http;

import static io.corio.servers.http.HttpFixture.closedByServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.transports.testing.MemoryTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stop reading their answers, on virtual time (the real-socket version with frozen processes is
 * {@link HalfOpenFaultsTest}): the idle timeout (60 s by default) aborts them, because a close would wait for ever
 * to flush; a client that reads, however slowly, renews it.
 */
class HttpSendStallFaultsTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String GET_AND_CLOSE = "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    private HttpFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private MemoryTransport notReadingClient(int answerBytes) {
        fixture = new HttpFixture(r -> HttpResponse.bytes(200, "application/octet-stream", new byte[answerBytes]));
        MemoryTransport c = fixture.connect();
        c.peerTransport().pauseReading();
        return c;
    }

    @Test
    void aClientThatReadsNothingOfALargeAnswerIsAbortedAtTheIdleTimeout() {
        MemoryTransport c = notReadingClient(1 << 20);
        fixture.send(c, GET);
        assertThat(c.writeBufferSize()).as("over the high-water mark").isGreaterThan(64 * 1024);
        fixture.advance(Duration.ofSeconds(59));
        assertThat(c.peer().isLost()).isFalse();
        fixture.advance(Duration.ofSeconds(2));
        assertThat(c.peer().isLost()).as("aborted: a reset, not an end of stream").isTrue();
        assertThat(c.peer().eofSeen()).isFalse();
        assertThat(fixture.errors).isEmpty();
    }

    @Test
    void aClosingConnectionWhoseClientReadsNothingIsAbortedAtTheIdleTimeout() {
        MemoryTransport c = notReadingClient(10_000);   // under the high-water mark: writing is never paused
        fixture.send(c, GET_AND_CLOSE);
        assertThat(c.isClosing()).as("the server closes after the answer").isTrue();
        assertThat(c.writeBufferSize()).as("the answer waits for the client").isPositive();
        fixture.advance(Duration.ofSeconds(59));
        assertThat(c.peer().isLost()).isFalse();
        fixture.advance(Duration.ofSeconds(2));
        assertThat(c.peer().isLost()).isTrue();
        assertThat(fixture.errors).isEmpty();
    }

    @Test
    void aClientThatReadsSlowlyIsNotAborted() {
        MemoryTransport c = notReadingClient(1 << 20);
        fixture.send(c, GET);
        fixture.advance(Duration.ofSeconds(50));
        c.peerTransport().resumeReading();   // reads everything at last
        fixture.loop.runReady();
        assertThat(c.peer().size()).isGreaterThan(1 << 20);
        fixture.advance(Duration.ofSeconds(50));
        assertThat(closedByServer(c)).as("50 s after the answer was read: not idle for 60 s yet").isFalse();
        fixture.advance(Duration.ofSeconds(11));
        assertThat(closedByServer(c)).as("idle keep-alive: closed").isTrue();
        assertThat(c.peer().eofSeen()).as("an orderly close").isTrue();
    }
}
