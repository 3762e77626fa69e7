package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: run one message through {@link RpcService#dispatch} on a {@link TestLoop}; compare JSON. */
final class Dispatch {
    static final ObjectMapper JSON = new ObjectMapper();

    private Dispatch() {
    }

    /** The response text, or null when there is none; runs the loop (virtual time) until the answer is in. */
    static String dispatch(TestLoop loop, RpcService service, String message) {
        Future<byte[]> response = service.dispatch(loop, message.getBytes(StandardCharsets.UTF_8));
        loop.advance(Duration.ofMinutes(1));
        assertThat(response.isDone()).as("answered within a minute of loop time: %s", message).isTrue();
        byte[] bytes = response.result();
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Equal JSON trees; for arrays, the same elements in any order (a batch's responses may come in any order). */
    static void assertSameJson(String actual, String expected) {
        JsonNode a = tree(actual);
        JsonNode e = tree(expected);
        if (e.isArray()) {
            assertThat(a.isArray()).as("an array: %s", actual).isTrue();
            assertThat(elements(a)).containsExactlyInAnyOrderElementsOf(elements(e));
        } else {
            assertThat(a).isEqualTo(e);
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        var list = new ArrayList<JsonNode>();
        array.forEach(list::add);
        return list;
    }
}
