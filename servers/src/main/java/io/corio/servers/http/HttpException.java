package io.corio.servers.http;

/**
 * A request that gets an error status instead of a normal answer. The server throws it for bad input (the
 * parser's 400, 413, 414, 431...; {@link HttpRequest#json} on malformed JSON), and a handler may throw it to answer
 * with {@link #status()} and the message as a {@code text/plain} body. It is not logged as a server error.
 */
public final class HttpException extends RuntimeException {
    private final int status;

    /**
     * @param status  the status to answer with, 400..599
     * @param message what went wrong, sent to the client as the body: say what and where
     */
    public HttpException(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpException status must be 400..599, got " + status);
        }
        this.status = status;
    }

    public HttpException(int status, String message, Throwable cause) {
        super(message, cause, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpException status must be 400..599, got " + status);
        }
        this.status = status;
    }

    /** The status to answer with. */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return "HttpException[" + status + " " + HttpStatus.reason(status) + ": " + getMessage() + "]";
    }
}
