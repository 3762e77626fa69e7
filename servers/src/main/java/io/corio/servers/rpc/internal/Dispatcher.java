package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corio.servers.rpc.RpcException;
import io.corio.servers.rpc.RpcHandler;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.util.function.Function;

/**
 * JSON-RPC 2.0 message handling, independent of any transport: one message (a request or a batch) in, its calls
 * started as coroutines on the session's loop, and the response (or nothing, for notifications) sent through the
 * {@link Session}. Keeps no per-connection state: one dispatcher serves every connection of a service. Loop thread.
 *
 * <p>Validation follows the specification: a message that is not JSON is {@code -32700}; a value that is not a
 * Request object ({@code jsonrpc} not exactly {@code "2.0"}, {@code method} not a string, {@code params} not an array
 * or object, {@code id} not a string, number or null) is {@code -32600}, answered with the request's id when that id
 * is valid and {@code null} otherwise; an empty batch is one {@code -32600}; each bad batch element gets its own
 * error. A notification is never answered, not even when its method does not exist.
 */
public final class Dispatcher {
    /** The notification that cancels a running call: {@code {"method":"$/cancelRequest","params":{"id":X}}}. */
    public static final String CANCEL_METHOD = "$/cancelRequest";

    private static final RpcException PARSE_ERROR = new RpcException(RpcException.PARSE_ERROR, "Parse error");
    private static final RpcException INVALID_REQUEST = new RpcException(RpcException.INVALID_REQUEST,
            "Invalid Request");
    private static final RpcException METHOD_NOT_FOUND = new RpcException(RpcException.METHOD_NOT_FOUND,
            "Method not found");

    private final Function<String, RpcHandler> methods;

    /** @param methods the handler of a method name, or null when there is none */
    public Dispatcher(Function<String, RpcHandler> methods) {
        this.methods = methods;
    }

    /**
     * Handles one message read from {@code frame} (borrowed, indexes unchanged). Returns true when a response will
     * be sent through {@code session} (now or when the calls finish), false when none will (notifications).
     */
    public boolean handle(ByteBuf frame, Session session) {
        JsonNode root;
        try {
            root = Json.read(frame);
        } catch (IOException e) {
            session.sendError(PARSE_ERROR, NullNode.instance);
            return true;
        }
        return handle(root, session);
    }

    /** Handles one message already parsed; {@code MissingNode} (empty input) is a parse error. */
    public boolean handle(JsonNode root, Session session) {
        if (root instanceof ObjectNode request) {
            return single(request, session);
        }
        if (root instanceof ArrayNode array) {
            return batch(array, session);
        }
        session.sendError(root == null || root.isMissingNode() ? PARSE_ERROR : INVALID_REQUEST, NullNode.instance);
        return true;
    }

    private boolean single(ObjectNode request, Session session) {
        if (!valid(request)) {
            session.sendError(INVALID_REQUEST, answerableId(request));
            return true;
        }
        JsonNode id = request.get("id");
        String method = request.get("method").textValue();
        JsonNode params = paramsOf(request);
        if (method.equals(CANCEL_METHOD)) {
            session.cancelRequest(cancelledId(params));
            if (id != null) {
                session.sendResult(null, id);
            }
            return id != null;
        }
        RpcHandler handler = methods.apply(method);
        if (handler == null) {
            if (id != null) {
                session.sendError(METHOD_NOT_FOUND, id);
            }
            return id != null;
        }
        session.start(new Call(session, method, handler, params, id, null, -1), method);
        return id != null;
    }

    private boolean batch(ArrayNode array, Session session) {
        if (array.isEmpty()) {
            session.sendError(INVALID_REQUEST, NullNode.instance);
            return true;
        }
        var batch = new Batch(session, array.size());
        for (JsonNode element : array) {
            if (!(element instanceof ObjectNode request) || !valid(request)) {
                batch.complete(batch.reserve(), errorNode(INVALID_REQUEST, element instanceof ObjectNode o
                        ? answerableId(o) : NullNode.instance));
                continue;
            }
            JsonNode id = request.get("id");
            String method = request.get("method").textValue();
            JsonNode params = paramsOf(request);
            if (method.equals(CANCEL_METHOD)) {
                session.cancelRequest(cancelledId(params));
                if (id != null) {
                    batch.complete(batch.reserve(), resultNode(id));
                }
                continue;
            }
            RpcHandler handler = methods.apply(method);
            if (handler == null) {
                if (id != null) {
                    batch.complete(batch.reserve(), errorNode(METHOD_NOT_FOUND, id));
                }
                continue;
            }
            int slot = id != null ? batch.reserve() : -1;
            session.start(new Call(session, method, handler, params, id, id != null ? batch : null, slot), method);
        }
        return batch.seal();
    }

    /** The structural checks of a Request object (section 4). */
    private static boolean valid(ObjectNode request) {
        JsonNode version = request.get("jsonrpc");
        JsonNode method = request.get("method");
        JsonNode params = request.get("params");
        JsonNode id = request.get("id");
        return version != null && version.isTextual() && version.textValue().equals("2.0")
                && method != null && method.isTextual()
                && (params == null || params.isArray() || params.isObject())
                && (id == null || validId(id));
    }

    private static boolean validId(JsonNode id) {
        return id.isTextual() || id.isNumber() || id.isNull();
    }

    /** The id to answer an invalid request with: its own when that is a valid id, else null. */
    private static JsonNode answerableId(ObjectNode request) {
        JsonNode id = request.get("id");
        return id != null && validId(id) ? id : NullNode.instance;
    }

    private static JsonNode paramsOf(ObjectNode request) {
        JsonNode params = request.get("params");
        return params != null ? params : Json.MAPPER.createArrayNode();
    }

    /** The id named by {@code $/cancelRequest}'s params: {@code {"id": X}} (LSP) or {@code [X]}. */
    private static JsonNode cancelledId(JsonNode params) {
        return params.isArray() ? params.get(0) : params.get("id");
    }

    static ObjectNode errorNode(RpcException error, JsonNode id) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        ObjectNode body = node.putObject("error").put("code", error.code()).put("message", error.getMessage());
        if (error.data() != null) {
            body.set("data", error.data());
        }
        node.set("id", id);
        return node;
    }

    private static ObjectNode resultNode(JsonNode id) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        node.putNull("result");
        node.set("id", id);
        return node;
    }
}
