package io.corio.servers.http.client;

/**
 * An HTTP exchange failed: the only exception type {@link HttpClient} completes its futures with (besides
 * {@link io.corio.loop.CancelledException} when the caller cancels). {@link #kind()} says what went wrong,
 * {@link #target()} which request it was; the cause, when there is one, is the transport's exception.
 */
public final class HttpClientException extends RuntimeException {
    /** What went wrong. */
    public enum Kind {
        /** The connection could not be opened (refused, unreachable, TLS handshake failed). */
        CONNECT,
        /** A deadline passed: connect, response headers, or the whole exchange (the message says which). */
        TIMEOUT,
        /** The connection closed or broke before the response was complete. */
        CLOSED,
        /** The response is not valid HTTP/1.x (the message names the offending part). */
        MALFORMED,
        /** The response head or body is larger than the client's limits allow. */
        TOO_LARGE,
        /** More redirects than {@link HttpClientOptions#maxRedirects()} allow, or a redirect without Location. */
        REDIRECTS,
        /** The request cannot be sent as given (an unsupported URL scheme, a missing host). */
        BAD_REQUEST
    }

    private final Kind kind;
    private final String target;
    private final boolean beforeResponse;

    public HttpClientException(Kind kind, String target, String message, Throwable cause) {
        this(kind, target, message, cause, false);
    }

    /**
     * @param beforeResponse true when the connection failed before any byte of the response arrived (the
     *                       request may be retried on another connection if it is idempotent)
     */
    public HttpClientException(Kind kind, String target, String message, Throwable cause, boolean beforeResponse) {
        super(target == null ? message : target + ": " + message, cause);
        this.kind = kind;
        this.target = target;
        this.beforeResponse = beforeResponse;
    }

    public Kind kind() {
        return kind;
    }

    /** The request as {@code METHOD url}, or null when the failure is not tied to one request. */
    public String target() {
        return target;
    }

    /** True when no byte of the response had arrived when the connection failed. */
    public boolean beforeResponse() {
        return beforeResponse;
    }

    /** The same failure attributed to {@code target} (the parser does not know which request it serves). */
    public HttpClientException withTarget(String target) {
        if (this.target != null) {
            return this;
        }
        var e = new HttpClientException(kind, target, getMessage(), getCause(), beforeResponse);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
