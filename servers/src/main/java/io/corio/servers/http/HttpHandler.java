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

    /**
     * Marks a handler that never awaits (it answers from memory at once), so that the server calls it directly
     * from the callback that read the request instead of starting a coroutine for it: a few microseconds less per
     * request. The server calls it once the whole request, body included, has arrived (within the body limit),
     * so {@code request.body()} is already complete and {@code text()} and {@code json(Class)} work. Awaiting
     * anything else inside it throws {@link IllegalStateException}, which answers 500. A streaming response from
     * it still gets a coroutine for its body.
     */
    static HttpHandler direct(HttpHandler handler) {
        return handler instanceof io.corio.servers.http.internal.DirectHandler
                ? handler : new io.corio.servers.http.internal.DirectHandler(handler);
    }
}
