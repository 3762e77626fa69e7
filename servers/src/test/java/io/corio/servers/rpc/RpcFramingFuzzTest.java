package io.corio.servers.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.corio.loop.ErrorContext;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.support.Fuzz;
import io.corio.transports.testing.MemoryTransport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property test of the framed JSON-RPC connection (length-prefixed and newline framing, 200-byte frame limit, over
 * {@link MemoryTransport} on a {@link TestLoop}; seeded, see {@link Fuzz}): whatever bytes arrive, in whatever
 * reads, the server writes only whole frames of well-formed responses, reports nothing to the loop's exception
 * handler, and an oversized frame is answered -32600 before the connection closes.
 */
class RpcFramingFuzzTest {
    private static final int FRAME_LIMIT = 200;

    /** The bytes a client sends, the read size, and the framing. */
    record Case(byte[] wire, int chunk, Framing framing) {
        @Override
        public String toString() {
            return framing + " in reads of " + chunk + ": " + Fuzz.show(wire);
        }
    }

    @Test
    void anyBytesGetWholeFramesOfWellFormedResponses() {
        Fuzz.forAll(RpcFramingFuzzTest::hostileCase).tries(600).shrinkWith(c -> Fuzz.shrinkBytes(c.wire()).stream()
                .map(w -> new Case(w, c.chunk(), c.framing())).toList()).check(RpcFramingFuzzTest::answersAreFramed);
    }

    static void answersAreFramed(Case c) {
        var loop = TestLoop.create();
        var reported = new ArrayList<ErrorContext>();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        try {
            var options = RpcServerOptions.DEFAULTS.withIdle(Duration.ZERO).withFraming(c.framing())
                    .withFrameLength(FRAME_LIMIT);
            var t = MemoryTransport.open(loop, RpcServer.service(loop, RpcService.demo(), options).newProtocol());
            t.peerTransport().setChunkSize(c.chunk());
            t.peer().transport().write(c.wire());
            loop.advance(Duration.ofMinutes(1));
            List<JsonNode> answers = c.framing() == Framing.LENGTH ? Frames.fromLength(t.peer().bytes())
                    : Frames.fromLines(t.peer().text());
            for (JsonNode answer : answers) {
                if (answer.isArray()) {
                    answer.forEach(RpcDecoderFuzzTest::assertResponse);
                } else {
                    RpcDecoderFuzzTest.assertResponse(answer);
                }
            }
            if (t.peer().isLost() && !answers.isEmpty() && answers.getLast().path("error").path("data").asText()
                    .startsWith("frame of ")) {
                assertThat(answers.getLast().get("error").get("code").asInt()).isEqualTo(RpcException.INVALID_REQUEST);
            }
            t.peer().transport().close();
            loop.advance(Duration.ofMinutes(1));
            assertThat(t.peer().isLost()).as("closed after the client closed").isTrue();
            assertThat(reported).as("errors reported to the loop").isEmpty();
        } finally {
            loop.close();
        }
    }

    /** Up to five valid messages in the framing, then random edits; or random bytes. */
    private static Case hostileCase(SplittableRandom rng) {
        Framing framing = rng.nextBoolean() ? Framing.LENGTH : Framing.NEWLINE;
        var wire = new ByteArrayOutputStream();
        for (int i = rng.nextInt(1, 6); i > 0; i--) {
            String message = RpcDecoderFuzzTest.VALID.get(rng.nextInt(RpcDecoderFuzzTest.VALID.size()));
            wire.writeBytes(framing == Framing.LENGTH ? Frames.length(message)
                    : (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = rng.nextInt(5) == 0 ? Fuzz.bytes(rng, 300)
                : Fuzz.mutate(rng, wire.toByteArray(), RpcDecoderFuzzTest.TOKENS);
        return new Case(bytes, 1 + rng.nextInt(64), framing);
    }
}
