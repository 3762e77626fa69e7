package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC method written as a lambda: {@code RpcService.builder().method("add", params ->
 * params.get(0).asInt() + params.get(1).asInt())}.
 *
 * <p>Called in a coroutine (a task on the connection's loop) once per call or notification, so it may await.
 */
@FunctionalInterface
public interface RpcHandler {
    /**
     * Runs the method.
     *
     * @param params the request's {@code params}: an {@code ArrayNode} (positional), an {@code ObjectNode} (named),
     *               or an empty {@code ArrayNode} when the request had none
     * @return the result, serialised with Jackson ({@code null} is a JSON null); a returned
     *     {@code io.corio.loop.Future} is awaited and its result serialised
     * @throws RpcException to answer with that error ({@link RpcException#invalidParams} for bad params); any
     *                      other exception answers {@code -32603 Internal error} and is reported to the loop's
     *                      exception handler
     */
    Object call(JsonNode params) throws Exception;
}
