package io.corio.servers.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.servers.http.client.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * A complete response: status, fields, the whole body in memory (at most
 * {@link HttpClientOptions#maxResponseBytes()}), and the trailer fields of a chunked body. Immutable once
 * {@link HttpClient} hands it out; any thread may read it.
 */
public final class HttpClientResponse extends HttpClientHead {
    private final HttpClientHeaders trailers;
    private final byte[] body;

    /** For the client and for tests; the arrays and containers are kept, not copied. */
    public HttpClientResponse(URI uri, int minorVersion, int status, String reason, HttpClientHeaders headers,
                              HttpClientHeaders trailers, byte[] body) {
        super(uri, minorVersion, status, reason, headers);
        this.trailers = trailers;
        this.body = body;
    }

    /** The trailer fields after a chunked body; empty otherwise. */
    public HttpClientHeaders trailers() {
        return trailers;
    }

    /** The body bytes (the array itself: do not modify it); empty for HEAD, 204, 304. */
    public byte[] body() {
        return body;
    }

    /** The body decoded with the {@code charset} of {@code Content-Type}, UTF-8 when none or unknown. */
    public String text() {
        return new String(body, charset());
    }

    /**
     * The body read as JSON into a {@code type} (Jackson).
     *
     * @throws HttpClientException of kind MALFORMED with Jackson's message when the body is not such JSON
     */
    public <T> T json(Class<T> type) {
        try {
            return Json.read(body, type);
        } catch (IOException e) {
            throw new HttpClientException(Kind.MALFORMED, uri().toString(), "the body is not JSON for "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The body as a Jackson tree. @throws HttpClientException (MALFORMED) when it is not JSON */
    public JsonNode json() {
        return json(JsonNode.class);
    }

    private Charset charset() {
        String type = header("Content-Type");
        if (type != null) {
            int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = type.substring(at + 8);
                int end = name.indexOf(';');
                name = (end < 0 ? name : name.substring(0, end)).strip().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public String toString() {
        return "HttpClientResponse[" + version() + " " + status() + (reason().isEmpty() ? "" : " " + reason())
                + ", " + uri() + ", body=" + body.length + "]";
    }
}
