package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.corio.loop.Async;
import io.corio.loop.testing.TestLoop;
import io.corio.servers.Service;
import io.corio.transports.testing.MemoryTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.corio.servers.rpc.Frames.call;
import static io.corio.servers.rpc.Frames.length;
import static org.assertj.core.api.Assertions.assertThat;

/** The server protocol over MemoryTransport on a TestLoop: limits, timeouts, cancellation, drain. No sockets. */
class RpcConnectionTest {
    private final TestLoop loop = TestLoop.create();
    private int started;
    private int finished;
    private final RpcService rpc = RpcService.builder()
            .methods(new DemoService())
            .method("wait", params -> {
                started++;
                try {
                    Async.sleep(Duration.ofMillis(params.get(0).asLong()));
                    return params.get(0);
                } finally {
                    finished++;
                }
            })
            .build();
    private final RpcServerOptions options = RpcServerOptions.DEFAULTS.withIdle(Duration.ZERO);

    @AfterEach
    void close() {
        loop.close();
    }

    private MemoryTransport open(RpcServerOptions options) {
        Service service = RpcServer.service(loop, rpc, options);
        return MemoryTransport.open(loop, service.newProtocol());
    }

    private static void send(MemoryTransport t, String json) {
        t.peer().transport().write(length(json));
    }

    private static List<JsonNode> answers(MemoryTransport t) {
        return Frames.fromLength(t.peer().bytes());
    }

    @Test
    void framesSplitAcrossReadsAreAnswered() {
        var t = open(options);
        t.peerTransport().setChunkSize(3);
        send(t, call(1, "add", "[2,3]"));
        send(t, call(2, "echo", "[\"\\u00e9t\\u00e9\"]"));
        loop.advance(Duration.ZERO);
        assertThat(answers(t)).extracting(a -> a.get("result").asText()).containsExactly("5", "été");
    }

    @Test
    void newlineFramingAnswersLinesAndSkipsBlankOnes() {
        var t = open(options.withFraming(Framing.NEWLINE));
        t.peer().transport().write("\n" + call(1, "add", "[2,3]") + "\r\n\n" + call(2, "get_data", null) + "\n");
        loop.advance(Duration.ZERO);
        assertThat(Frames.fromLines(t.peer().text())).extracting(a -> a.get("result").toString())
                .containsExactly("5", "[\"hello\",5]");
    }

    @Test
    void atTheInFlightLimitNoMoreFramesAreReadUntilACallFinishes() {
        var t = open(options.withInFlight(2));
        send(t, call(1, "wait", "[1000]"));
        send(t, call(2, "wait", "[1000]"));
        send(t, call(3, "wait", "[1000]"));
        loop.advance(Duration.ZERO);
        assertThat(started).isEqualTo(2);
        loop.advance(Duration.ofMillis(1000));
        assertThat(answers(t)).hasSize(2);
        assertThat(started).isEqualTo(3);
        loop.advance(Duration.ofMillis(1000));
        assertThat(answers(t)).extracting(a -> a.get("id").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void anOversizedFrameIsAnsweredInvalidRequestThenTheConnectionClosesAfterTheRunningCalls() {
        var t = open(options.withFrameLength(100));
        send(t, call(1, "add", "[1,1]"));
        String big = call(2, "echo", "[\"" + "x".repeat(200) + "\"]");
        send(t, big);
        send(t, call(3, "add", "[2,2]"));
        loop.advance(Duration.ZERO);
        List<JsonNode> answers = answers(t);
        assertThat(answers).hasSize(2);
        JsonNode error = answers.getFirst(); // answered at once, before the call that was already running
        assertThat(error.get("error").get("code").asInt()).isEqualTo(RpcException.INVALID_REQUEST);
        assertThat(error.get("error").get("data").asText())
                .isEqualTo("frame of " + big.length() + " bytes is above the limit of 100 bytes");
        assertThat(error.get("id").isNull()).isTrue();
        assertThat(answers.get(1).get("result").asInt()).as("the call read before still answered").isEqualTo(2);
        assertThat(t.peer().isLost()).isTrue();
    }

    @Test
    void anOversizedLineIsAnsweredToo() {
        var t = open(options.withFraming(Framing.NEWLINE).withFrameLength(50));
        t.peer().transport().write("x".repeat(80));
        loop.advance(Duration.ZERO);
        assertThat(Frames.fromLines(t.peer().text())).singleElement()
                .satisfies(a -> assertThat(a.get("error").get("code").asInt()).isEqualTo(-32600));
        assertThat(t.peer().isLost()).isTrue();
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() {
        var t = open(options.withIdle(Duration.ofSeconds(60)));
        loop.advance(Duration.ofSeconds(30));
        send(t, call(1, "add", "[1,1]"));
        loop.advance(Duration.ofSeconds(59));
        assertThat(t.peer().isLost()).as("idle 59 s since the last frame").isFalse();
        loop.advance(Duration.ofSeconds(1));
        assertThat(t.peer().isLost()).isTrue();
        assertThat(answers(t)).hasSize(1);
    }

    @Test
    void aRunningCallIsNotIdleness() {
        var t = open(options.withIdle(Duration.ofSeconds(10)));
        send(t, call(1, "wait", "[30000]"));
        loop.advance(Duration.ofSeconds(29));
        assertThat(t.peer().isLost()).isFalse();
        loop.advance(Duration.ofSeconds(1));
        assertThat(answers(t)).hasSize(1);
        loop.advance(Duration.ofSeconds(10));
        assertThat(t.peer().isLost()).isTrue();
    }

    @Test
    void cancelRequestCancelsTheCallWhichAnswersRequestCancelled() {
        var t = open(options);
        send(t, call("job-7", "wait", "[60000]"));
        loop.advance(Duration.ofSeconds(1));
        send(t, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":\"job-7\"}}");
        loop.advance(Duration.ZERO);
        assertThat(answers(t)).singleElement().satisfies(a -> {
            assertThat(a.get("error").get("code").asInt()).isEqualTo(RpcException.REQUEST_CANCELLED);
            assertThat(a.get("id").asText()).isEqualTo("job-7");
        });
        assertThat(finished).as("the method's finally block ran").isEqualTo(1);
    }

    @Test
    void aCallOverTheCallTimeoutIsCancelledWithAnInternalError() {
        var t = open(options.withCallTimeout(Duration.ofSeconds(2)));
        send(t, call(1, "wait", "[5000]"));
        send(t, call(2, "wait", "[1000]"));
        loop.advance(Duration.ofSeconds(2));
        List<JsonNode> answers = answers(t);
        assertThat(answers).extracting(a -> a.get("id").asInt()).containsExactly(2, 1);
        assertThat(answers.get(1).get("error").get("code").asInt()).isEqualTo(RpcException.INTERNAL_ERROR);
        assertThat(answers.get(1).get("error").get("message").asText()).isEqualTo("Call timed out");
    }

    @Test
    void drainAnswersTheCallsInFlightReadsNothingMoreThenCloses() {
        Service service = RpcServer.service(loop, rpc, options);
        var t = MemoryTransport.open(loop, service.newProtocol());
        send(t, call(1, "wait", "[1000]"));
        loop.advance(Duration.ZERO);
        var drained = service.drain();
        send(t, call(2, "add", "[1,1]"));
        loop.advance(Duration.ofMillis(999));
        assertThat(drained.isDone()).isFalse();
        loop.advance(Duration.ofMillis(1));
        assertThat(answers(t)).extracting(a -> a.get("id").asInt()).containsExactly(1);
        assertThat(t.peer().isLost()).isTrue();
        assertThat(drained.isDone()).isTrue();
        assertThat(service.connections()).isZero();
    }

    @Test
    void aLostConnectionCancelsItsRunningCalls() {
        var t = open(options);
        send(t, call(1, "wait", "[60000]"));
        loop.advance(Duration.ofSeconds(1));
        t.peer().transport().abort();
        loop.advance(Duration.ZERO);
        assertThat(finished).isEqualTo(1);
    }

    @Test
    void aPeerThatHalfClosesStillGetsItsAnswers() {
        var t = open(options);
        send(t, call(1, "wait", "[500]"));
        t.peer().transport().writeEof();
        loop.advance(Duration.ofSeconds(1));
        assertThat(answers(t)).hasSize(1);
        assertThat(t.peer().isLost()).isTrue();
    }

    @Test
    void optionsComeFromTheListenerConfiguration() {
        var limits = new io.corio.servers.config.ListenerLimits(10, 1024, 1024, 1024, 512, 100, 100, 10, 100, 4, 4096,
                7);
        var timeouts = new io.corio.servers.config.ListenerTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(4));
        var options = RpcServerOptions.from(limits, timeouts,
                new io.corio.servers.config.ProtocolOptions.Rpc("newline", "demo"));
        assertThat(options).isEqualTo(new RpcServerOptions(Framing.NEWLINE, 4096, 7, Duration.ofSeconds(3),
                Duration.ofSeconds(4)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> options.withInFlight(0))
                .hasMessage("inFlight must be > 0, got 0");
    }

    @Test
    void aClientThatDoesNotReadItsAnswersStopsBeingRead() {
        var t = open(options);
        t.peer().transport().pauseReading();
        String payload = "\"" + "y".repeat(10_000) + "\"";
        for (int i = 0; i < 20; i++) {
            send(t, call(i, "echo", "[" + payload + "]"));
            loop.advance(Duration.ZERO);
        }
        assertThat(t.writeBufferSize()).as("answers stopped just above the 64 KiB high-water mark")
                .isBetween(64L * 1024, 64L * 1024 + 10_100);
        t.peer().transport().resumeReading();
        loop.advance(Duration.ZERO);
        assertThat(answers(t)).hasSize(20);
    }
}
