package io.corio.servers.http;

/**
 * Where the server writes its access log: one line per answered request, in the Common Log Format followed by
 * the time the request took in microseconds (from its head being read to its response being handed to the
 * transport):
 *
 * <pre>
 * 127.0.0.1 - - [25/Nov/2026:16:20:01 +0000] "GET /users/42 HTTP/1.1" 200 13 184
 * </pre>
 *
 * Called on the loop thread, once per response, so it must not block: {@link #stdout()} hands lines to
 * {@code System.out}, which is fine for a terminal or a pipe; write a buffering sink for heavy traffic.
 */
@FunctionalInterface
public interface AccessLog {
    /** Records one line (without a line terminator). */
    void log(String line);

    /** Prints each line to standard output. */
    static AccessLog stdout() {
        return System.out::println;
    }
}
