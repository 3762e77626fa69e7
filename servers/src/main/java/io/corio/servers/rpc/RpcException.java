package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A JSON-RPC error object as an exception: a method throws it to answer with that error, and {@link RpcClient}
 * fails a call's future with it when the server answered with an error.
 *
 * <p>Codes: the five of the specification ({@link #PARSE_ERROR} .. {@link #INTERNAL_ERROR}), the server-error range
 * {@code -32099..-32000} for application errors, {@link #REQUEST_CANCELLED} (-32800, as LSP) for a call cancelled
 * with {@code $/cancelRequest}; any other code is passed through as the method chose it.
 */
public final class RpcException extends RuntimeException {
    /** Invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** The JSON sent is not a valid Request object (also: a frame above the size limit). */
    public static final int INVALID_REQUEST = -32600;
    /** The method does not exist. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid method parameters. */
    public static final int INVALID_PARAMS = -32602;
    /** Internal JSON-RPC error: the method threw something else, or ran longer than the call timeout. */
    public static final int INTERNAL_ERROR = -32603;
    /** The call was cancelled by a {@code $/cancelRequest} notification (LSP's RequestCancelled). */
    public static final int REQUEST_CANCELLED = -32800;
    /** The first and last codes reserved for implementation-defined server errors. */
    public static final int SERVER_ERROR_MIN = -32099;
    public static final int SERVER_ERROR_MAX = -32000;

    private final int code;
    private final transient JsonNode data;

    /**
     * @param code    the error code (see the constants)
     * @param message a short description (the error object's {@code message})
     * @param data    extra information, or null for none (the {@code data} member is then omitted)
     */
    public RpcException(int code, String message, JsonNode data) {
        super(message == null ? "" : message);
        this.code = code;
        this.data = data;
    }

    public RpcException(int code, String message) {
        this(code, message, null);
    }

    /** {@code -32602 Invalid params}, with {@code detail} as data (a string). */
    public static RpcException invalidParams(String detail) {
        return new RpcException(INVALID_PARAMS, "Invalid params", detail == null ? null : TextNode.valueOf(detail));
    }

    /** A server error in {@code -32099..-32000}. */
    public static RpcException serverError(int code, String message, JsonNode data) {
        if (code < SERVER_ERROR_MIN || code > SERVER_ERROR_MAX) {
            throw new IllegalArgumentException("server error codes are -32099..-32000, got " + code);
        }
        return new RpcException(code, message, data);
    }

    public int code() {
        return code;
    }

    /** The error object's {@code data}, or null. */
    public JsonNode data() {
        return data;
    }

    @Override
    public String toString() {
        return "RpcException[" + code + " " + getMessage() + (data != null ? ", data=" + data : "") + "]";
    }
}
