package io.corio.servers.http;

/**
 * What an HTTP server tells the metrics about its requests. The HTTP-lite server calls it once per request; the
 * launcher passes a {@link HttpCounters} made for the listener and loop (or {@link #NONE}).
 *
 * <p>Called on the loop thread of the connection that served the request; implementations must be cheap and must
 * not throw. Several loops of one listener may share an instance, so implementations are thread-safe.
 */
public interface HttpMetrics {
    /** Does nothing: the default when no admin listener is configured. */
    HttpMetrics NONE = new HttpMetrics() {
        @Override
        public void requestCompleted(int status) {
        }

        @Override
        public void errorOccurred() {
        }
    };

    /** A response with {@code status} was sent (once per request, after the head was written). */
    void requestCompleted(int status);

    /**
     * A request could not be answered normally: its handler threw, or it was malformed and the connection closed
     * (called in addition to {@link #requestCompleted} when an error response was still sent).
     */
    void errorOccurred();
}
