package io.corio.servers.rpc;

import io.corio.servers.http.HttpHandler;
import io.corio.servers.http.HttpResponse;
import io.corio.servers.http.HttpStatus;

/**
 * JSON-RPC 2.0 over HTTP POST on the HTTP-lite server: the request body is one JSON-RPC message (a call or a
 * batch); the answer is {@code 200 application/json} with the response, or {@code 204 No Content} when the
 * message held only notifications. Protocol errors (bad JSON, invalid requests) are JSON-RPC error responses with
 * status 200, as the JSON-RPC over HTTP convention has it; HTTP-level errors (a body over the size limit) keep
 * their HTTP status.
 *
 * <pre>{@code
 * Router.create().post("/rpc", RpcOverHttp.handler(RpcService.demo()))
 * }</pre>
 */
public final class RpcOverHttp {
    private RpcOverHttp() {
    }

    /** A handler (a coroutine per request) that answers POSTed JSON-RPC messages with {@code service}. */
    public static HttpHandler handler(RpcService service) {
        return request -> {
            byte[] answer = service.dispatch(request.body().await()).await();
            return answer == null ? HttpResponse.of(HttpStatus.NO_CONTENT)
                    : HttpResponse.bytes(HttpStatus.OK, HttpResponse.APPLICATION_JSON, answer);
        };
    }
}
