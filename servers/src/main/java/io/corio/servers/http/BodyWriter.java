package io.corio.servers.http;

/**
 * Produces a streaming response body ({@link HttpResponse#stream}). The connection calls it once, as a coroutine
 * on the loop, when the response's turn comes (after the responses to earlier pipelined requests), after sending
 * the head; the body ends when it returns. Not called for HEAD requests.
 *
 * <pre>{@code
 * HttpResponse.stream(200, "text/plain", out -> {
 *     for (int i = 0; i < 3; i++) {
 *         out.write("tick " + i + "\n");
 *         Async.sleep(Duration.ofSeconds(1));
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface BodyWriter {
    /**
     * Writes the body to {@code out}. If it throws after part of the body was sent, the connection is aborted
     * (the client sees a truncated body) and the error is reported through {@code loop.callExceptionHandler}.
     */
    void writeTo(BodyOutput out) throws Exception;
}
