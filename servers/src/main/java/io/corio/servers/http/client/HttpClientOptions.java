package io.corio.servers.http.client;

import io.corio.transports.tls.TlsContext;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How an {@link HttpClient} connects, pools and limits. Start from {@link #DEFAULTS}:
 * {@code HttpClientOptions.DEFAULTS.withTotalTimeout(Duration.ofSeconds(5)).withMaxRedirects(5)}.
 *
 * @param connectTimeout        opening a connection (every address tried, and the TLS handshake) must finish
 *                              within this; default 10 s
 * @param headersTimeout        the response's status line and fields must arrive within this after the request
 *                              was sent; null for no limit; default 30 s
 * @param totalTimeout          the whole exchange (waiting for a connection, connecting, every redirect and the
 *                              body) must finish within this; null (the default) for no limit
 * @param maxResponseBytes      the largest response body accepted (decoded, without chunk framing); default 16 MiB
 * @param maxHeadBytes          the largest response head (status line and fields) and trailer section; default
 *                              64 KiB
 * @param maxConnectionsPerHost connections open at once to one scheme, host and port (or Unix socket); more
 *                              requests wait for one to be free; default 16
 * @param idleTimeout           an idle pooled connection is closed after this; {@code Duration.ZERO} disables
 *                              pooling (every connection closes after its response); default 30 s
 * @param maxRedirects          0 (the default): a 3xx response is returned as it is; n: up to n redirects
 *                              ({@code 301 302 303 307 308} with {@code Location}) are followed
 * @param tls                   the client TLS context for {@code https://}; null means the JDK's trusted CAs,
 *                              hostname verification on and ALPN {@code http/1.1} (built on first use)
 * @param unixSocket            when set, every request goes over this Unix socket whatever the URL's host and
 *                              port (as curl's {@code --unix-socket}); the URL still gives the path and
 *                              {@code Host}
 * @param userAgent             the {@code User-Agent} sent unless a request sets its own; null sends none
 */
public record HttpClientOptions(Duration connectTimeout, Duration headersTimeout, Duration totalTimeout,
                                long maxResponseBytes, int maxHeadBytes, int maxConnectionsPerHost,
                                Duration idleTimeout, int maxRedirects, TlsContext tls, Path unixSocket,
                                String userAgent) {
    public static final HttpClientOptions DEFAULTS = new HttpClientOptions(Duration.ofSeconds(10),
            Duration.ofSeconds(30), null, 16L << 20, 64 * 1024, 16, Duration.ofSeconds(30), 0, null, null,
            "corio-http-client");

    public HttpClientOptions {
        positive(connectTimeout, "connectTimeout", false);
        positive(headersTimeout, "headersTimeout", true);
        positive(totalTimeout, "totalTimeout", true);
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("maxResponseBytes must be >= 0, got " + maxResponseBytes);
        }
        if (maxHeadBytes < 256) {
            throw new IllegalArgumentException("maxHeadBytes must be >= 256, got " + maxHeadBytes);
        }
        if (maxConnectionsPerHost <= 0) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be > 0, got " + maxConnectionsPerHost);
        }
        if (idleTimeout == null || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be >= 0, got " + idleTimeout);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
        }
        if (tls != null && tls.isServer()) {
            throw new IllegalArgumentException("tls must be a client context, got a server context");
        }
        if (userAgent != null && (userAgent.indexOf('\r') >= 0 || userAgent.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("userAgent must not hold CR or LF");
        }
    }

    private static void positive(Duration d, String name, boolean nullable) {
        if (d == null ? !nullable : d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0" + (nullable ? " or null" : "") + ", got " + d);
        }
    }

    public HttpClientOptions withConnectTimeout(Duration connectTimeout) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withHeadersTimeout(Duration headersTimeout) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withTotalTimeout(Duration totalTimeout) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withMaxResponseBytes(long maxResponseBytes) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withMaxHeadBytes(int maxHeadBytes) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withMaxConnectionsPerHost(int maxConnectionsPerHost) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withIdleTimeout(Duration idleTimeout) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withMaxRedirects(int maxRedirects) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withTls(TlsContext tls) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withUnixSocket(Path unixSocket) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }

    public HttpClientOptions withUserAgent(String userAgent) {
        return new HttpClientOptions(connectTimeout, headersTimeout, totalTimeout, maxResponseBytes, maxHeadBytes,
                maxConnectionsPerHost, idleTimeout, maxRedirects, tls, unixSocket, userAgent);
    }
}
