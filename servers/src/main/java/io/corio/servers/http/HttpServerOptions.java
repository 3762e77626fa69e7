package io.corio.servers.http;

import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;
import java.util.Objects;

/**
 * How an HTTP service treats its connections.
 *
 * @param limits    request line (414), header bytes and count (431), body size (413), pipeline depth, read-ahead
 *                  of unread request bodies ({@code readBuffer}) and the write water marks
 * @param timeouts  header read (408 and close), body read (408 and close) and idle keep-alive (close); the
 *                  idle timeout also aborts a client that reads nothing of its answers for that long
 * @param accessLog where access log lines go, or null for no access log
 * @param metrics   told about every answered request and every error (the admin listener's counters), or
 *                  {@link HttpMetrics#NONE}
 */
public record HttpServerOptions(ListenerLimits limits, ListenerTimeouts timeouts, AccessLog accessLog,
        HttpMetrics metrics) {
    /** Default limits and timeouts, no access log (what tests want). */
    public static final HttpServerOptions DEFAULTS = new HttpServerOptions(ListenerLimits.DEFAULTS,
            ListenerTimeouts.DEFAULTS, null, HttpMetrics.NONE);

    public HttpServerOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** The options of a configured listener: its limits and timeouts, and an access log on stdout if asked. */
    public static HttpServerOptions from(ListenerLimits limits, ListenerTimeouts timeouts, ProtocolOptions.Http http) {
        return new HttpServerOptions(limits, timeouts, http.accessLog() ? AccessLog.stdout() : null,
                HttpMetrics.NONE);
    }

    public HttpServerOptions withLimits(ListenerLimits limits) {
        return new HttpServerOptions(limits, timeouts, accessLog, metrics);
    }

    public HttpServerOptions withTimeouts(ListenerTimeouts timeouts) {
        return new HttpServerOptions(limits, timeouts, accessLog, metrics);
    }

    /** With {@code accessLog} as the sink (null turns the log off). */
    public HttpServerOptions withAccessLog(AccessLog accessLog) {
        return new HttpServerOptions(limits, timeouts, accessLog, metrics);
    }

    /** With {@code metrics} told about requests and errors. */
    public HttpServerOptions withMetrics(HttpMetrics metrics) {
        return new HttpServerOptions(limits, timeouts, accessLog, metrics);
    }
}
