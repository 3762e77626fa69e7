package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: frame JSON text as the wire carries it, and cut received bytes back into JSON messages. */
final class Frames {
    private Frames() {
    }

    /** {@code json} behind its 4-byte big-endian length. */
    static byte[] length(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    /** The length-prefixed messages in {@code bytes}; fails on a trailing partial frame. */
    static List<JsonNode> fromLength(byte[] bytes) {
        var messages = new ArrayList<JsonNode>();
        var in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] body = new byte[length];
            in.get(body);
            messages.add(Dispatch.tree(new String(body, StandardCharsets.UTF_8)));
        }
        return messages;
    }

    /** The newline-delimited messages in {@code text}. */
    static List<JsonNode> fromLines(String text) {
        var messages = new ArrayList<JsonNode>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                messages.add(Dispatch.tree(line));
            }
        }
        return messages;
    }

    /** A call as JSON text. */
    static String call(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"" + (params != null ? ",\"params\":" + params : "")
                + ",\"id\":" + Dispatch.JSON.valueToTree(id) + "}";
    }
}
