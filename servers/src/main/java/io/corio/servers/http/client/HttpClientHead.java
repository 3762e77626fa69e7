package io.corio.servers.http.client;

import java.net.URI;

/**
 * The head of a response: where it came from, its status line and its fields. Shared by a complete
 * {@link HttpClientResponse} and a streamed {@link HttpClientStream}; immutable.
 */
public abstract sealed class HttpClientHead permits HttpClientResponse, HttpClientStream {
    private final URI uri;
    private final int minorVersion;
    private final int status;
    private final String reason;
    private final HttpClientHeaders headers;

    HttpClientHead(URI uri, int minorVersion, int status, String reason, HttpClientHeaders headers) {
        this.uri = uri;
        this.minorVersion = minorVersion;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
    }

    /** The URI that answered (after redirects, the last one). */
    public URI uri() {
        return uri;
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String version() {
        return "HTTP/1." + minorVersion;
    }

    public int status() {
        return status;
    }

    /** The reason phrase as sent (may be empty). */
    public String reason() {
        return reason;
    }

    public HttpClientHeaders headers() {
        return headers;
    }

    /** Shorthand for {@code headers().get(name)}. */
    public String header(String name) {
        return headers.get(name);
    }
}
