package io.corio.servers.http;

/**
 * Answers one HTTP request. The server runs each call as a coroutine (a {@link io.corio.loop.Task}) on the
 * connection's loop, so a handler may {@code await}: {@code request.body().await()}, a database future,
 * {@code Async.sleep}. Code between two awaits runs on the loop thread and must not block it (CPU-heavy work or
 * file I/O belongs in {@code loop.runInExecutor}).
 *
 * <p>Called once per request, possibly for several pipelined requests of one connection at once; their responses
 * are still sent in request order. What the handler throws becomes a response: an {@link HttpException} its
 * status, anything else a 500 (reported through {@code loop.callExceptionHandler}).
 *
 * <pre>{@code
 * HttpHandler hello = request -> HttpResponse.text("Hello, " + request.queryParam("name") + "!");
 * }</pre>
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * Answers {@code request}; never returns null.
     *
     * @throws HttpException to answer with its status and message
     * @throws Exception     anything else answers 500
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
