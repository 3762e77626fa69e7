package io.corio.servers.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corio.loop.ErrorContext;
import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.support.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests of JSON-RPC message handling (frame bytes to requests to responses, {@link RpcService#dispatch}
 * over the demo service on a {@link TestLoop}; seeded, see {@link Fuzz}): random and mutated messages always get a
 * well-formed response with the code the specification asks for (-32700 for what is not JSON, -32600 for what is
 * not a Request object), or no response exactly when every request in them is a notification; nothing reaches the
 * loop's exception handler and every message is answered within a minute of loop time.
 */
class RpcDecoderFuzzTest {
    private static final ObjectMapper REFERENCE = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final RpcService SERVICE = RpcService.demo();
    static final List<String> VALID = List.of(
            "{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":{\"subtrahend\":23,\"minuend\":42},\"id\":\"a\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"x\",[1,2],{\"k\":null}],\"id\":null}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"update\",\"params\":[1,2,3,4,5]}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2.5],\"id\":7}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"id\":8}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":1}}",
            "[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[1,2,4],\"id\":\"1\"},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[7]},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"get_data\",\"id\":\"9\"},{\"foo\":\"boo\"}]",
            "[{\"jsonrpc\":\"2.0\",\"method\":\"notify_sum\",\"params\":[1,2,4]},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notify_hello\",\"params\":[7]}]");
    static final List<String> TOKENS = List.of("{", "}", "[", "]", "\"", ",", ":", "null", "true", "0",
            "-1", "1e999", "-0.0", "123456789012345678901234567890", "\"2.0\"", "\"1.0\"", "\"id\":", "\"method\":",
            "\"params\":", "\"jsonrpc\":", "\"\\u0000\"", "\"\\ud800\"", "[[[[[[[[[[[[[[[[", "]]]]]]]]", "\u00ff",
            "\u00c3", " ", "\n", "/*", "'", "NaN", "\"subtract\"", "\"echo\"", "\"nope\"", "[]", "{}");

    @Test
    void anyMessageGetsAWellFormedAnswerWithTheRightCode() {
        Fuzz.forAll(RpcDecoderFuzzTest::message).shrinkWith(Fuzz::shrinkBytes).show(Fuzz::show).tries(1500)
                .check(RpcDecoderFuzzTest::checkAnswer);
    }

    /**
     * Found by the fuzzer (RpcFramingFuzzTest, scale 100): a null or an overflowing number to the demo service's
     * arithmetic threw NullPointerException / ArithmeticException, answered -32603 and reported to the loop as a
     * server fault (or, for a notification, only reported). Now -32602, and nothing reported.
     */
    @Test
    void nullsAndOverflowsToTheDemoArithmeticAreInvalidParams() {
        for (String call : List.of("\"sum\",\"params\":[null,4]", "\"subtract\",\"params\":[1,null]",
                "\"sum\",\"params\":[9223372036854775807,1]", "\"add\",\"params\":[9223372036854775807,1]",
                "\"subtract\",\"params\":[-9223372036854775807,2]")) {
            checkAnswer(("{\"jsonrpc\":\"2.0\",\"method\":" + call + ",\"id\":1}").getBytes(StandardCharsets.UTF_8));
            var loop = TestLoop.create();
            try {
                String answer = Dispatch.dispatch(loop, SERVICE, "{\"jsonrpc\":\"2.0\",\"method\":" + call + ",\"id\":1}");
                assertThat(Dispatch.tree(answer).path("error").path("code").asInt()).as(call)
                        .isEqualTo(RpcException.INVALID_PARAMS);
            } finally {
                loop.close();
            }
        }
        checkAnswer("[{\"jsonrpc\":\"2.0\",\"method\":\"sum\",\"params\":[null,4],\"\":\"\"}]"
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code message} and checks the response against what the specification asks for. */
    static void checkAnswer(byte[] message) {
        var loop = TestLoop.create();
        var reported = new ArrayList<ErrorContext>();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        try {
            Future<byte[]> response = SERVICE.dispatch(loop, message);
            loop.advance(Duration.ofMinutes(1));
            assertThat(response.isDone()).as("answered within a minute of loop time").isTrue();
            String answer = response.result() == null ? null : new String(response.result(), StandardCharsets.UTF_8);
            JsonNode request = reference(message);
            if (request == null || request.isMissingNode()) {
                assertError(Dispatch.tree(answer), RpcException.PARSE_ERROR);
                assertThat(Dispatch.tree(answer).get("id").isNull()).isTrue();
            } else if (!request.isObject() && !request.isArray()) {
                assertError(Dispatch.tree(answer), RpcException.INVALID_REQUEST);
            } else if (!expectsAnswer(request)) {
                assertThat(answer).as("no answer to notifications").isNull();
            } else {
                assertThat(answer).as("an answer").isNotNull();
                JsonNode tree = Dispatch.tree(answer);
                if (request.isObject() || request.isEmpty()) {
                    assertResponse(tree);
                } else {
                    assertThat(tree.isArray()).as("a batch answer: %s", answer).isTrue();
                    assertThat(tree.size()).isBetween(1, request.size());
                    tree.forEach(RpcDecoderFuzzTest::assertResponse);
                }
            }
            assertThat(reported).as("errors reported to the loop").isEmpty();
        } finally {
            loop.close();
        }
    }

    private static JsonNode reference(byte[] message) {
        try {
            return REFERENCE.readTree(message);
        } catch (Exception e) {
            return null;
        }
    }

    /** A reply is due unless every request in the message is a valid notification (valid Request, no id). */
    private static boolean expectsAnswer(JsonNode message) {
        if (message.isObject()) {
            return message.has("id") || !validRequest(message);
        }
        if (message.isEmpty()) {
            return true;
        }
        for (JsonNode element : message) {
            if (!element.isObject() || element.has("id") || !validRequest(element)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validRequest(JsonNode r) {
        JsonNode params = r.get("params");
        return r.path("jsonrpc").isTextual() && r.get("jsonrpc").textValue().equals("2.0")
                && r.path("method").isTextual() && (params == null || params.isArray() || params.isObject());
    }

    static void assertResponse(JsonNode r) {
        assertThat(r.isObject()).as("a response object: %s", r).isTrue();
        assertThat(r.path("jsonrpc").asText()).as("jsonrpc of %s", r).isEqualTo("2.0");
        assertThat(r.has("id")).as("id in %s", r).isTrue();
        JsonNode id = r.get("id");
        assertThat(id.isTextual() || id.isNumber() || id.isNull()).as("id type in %s", r).isTrue();
        assertThat(r.has("result") ^ r.has("error")).as("result xor error in %s", r).isTrue();
        if (r.has("error")) {
            assertThat(r.get("error").path("code").canConvertToInt()).as("an integer code in %s", r).isTrue();
            int code = r.get("error").path("code").asInt(0);
            boolean reserved = code >= -32768 && code <= -32000; // the rest is the application's ("fail" takes any)
            boolean known = List.of(RpcException.PARSE_ERROR, RpcException.INVALID_REQUEST,
                    RpcException.METHOD_NOT_FOUND, RpcException.INVALID_PARAMS, RpcException.INTERNAL_ERROR)
                    .contains(code) || code >= RpcException.SERVER_ERROR_MIN && code <= RpcException.SERVER_ERROR_MAX;
            assertThat(!reserved || known).as("a defined code in the reserved range in %s", r).isTrue();
            assertThat(r.get("error").path("message").isTextual()).as("error message in %s", r).isTrue();
        }
    }

    private static void assertError(JsonNode r, int code) {
        assertResponse(r);
        assertThat(r.path("error").path("code").asInt()).as("code of %s", r).isEqualTo(code);
    }

    private static byte[] message(SplittableRandom rng) {
        if (rng.nextInt(5) == 0) {
            return Fuzz.bytes(rng, 120);
        }
        byte[] valid = VALID.get(rng.nextInt(VALID.size())).getBytes(StandardCharsets.UTF_8);
        return Fuzz.mutate(rng, valid, TOKENS);
    }
}
