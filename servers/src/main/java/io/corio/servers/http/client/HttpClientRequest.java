package io.corio.servers.http.client;

import io.corio.servers.http.client.internal.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One request for {@link HttpClient#send}. Immutable in use: the {@code with...} methods return new requests
 * (the headers are copied), so a request can be sent several times.
 *
 * <pre>{@code
 * var request = HttpClientRequest.post("http://127.0.0.1:8080/items", "{\"a\":1}")
 *         .withHeader("Content-Type", "application/json");
 * }</pre>
 *
 * @param method  the method token, as given ({@code GET}, {@code POST}...)
 * @param uri     an absolute {@code http://} or {@code https://} URI with a host
 * @param headers fields to send (do not modify after constructing the request); {@code Host}, {@code User-Agent}
 *                are added unless present; {@code Content-Length} and {@code Transfer-Encoding} are set by the
 *                client from the body and replace any given
 * @param body    the body, or null for none (an empty body is sent with {@code Content-Length: 0})
 * @param chunked send the body with {@code Transfer-Encoding: chunked} instead of {@code Content-Length}
 */
public record HttpClientRequest(String method, URI uri, HttpClientHeaders headers, byte[] body, boolean chunked) {
    public HttpClientRequest {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
        for (int i = 0; i < method.length(); i++) {
            if (!HttpClientHeaders.isTokenChar(method.charAt(i))) {
                throw new IllegalArgumentException("method " + method + " is not a token");
            }
        }
        if (uri == null) {
            throw new IllegalArgumentException("uri must not be null");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http:// and https:// URLs are supported, got " + uri);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("the URL needs a host, got " + uri);
        }
        headers = headers == null ? new HttpClientHeaders() : headers;
    }

    /** A request with no fields and no body. */
    public static HttpClientRequest of(String method, String url) {
        return new HttpClientRequest(method, parse(url), null, null, false);
    }

    public static HttpClientRequest get(String url) {
        return of("GET", url);
    }

    public static HttpClientRequest head(String url) {
        return of("HEAD", url);
    }

    public static HttpClientRequest delete(String url) {
        return of("DELETE", url);
    }

    public static HttpClientRequest post(String url, byte[] body) {
        return of("POST", url).withBody(body);
    }

    /** A POST of {@code body} in UTF-8. */
    public static HttpClientRequest post(String url, String body) {
        return of("POST", url).withBody(body);
    }

    public static HttpClientRequest put(String url, byte[] body) {
        return of("PUT", url).withBody(body);
    }

    /** This request with one more field. */
    public HttpClientRequest withHeader(String name, String value) {
        var copy = HttpClientHeaders.copyOf(headers).add(name, value);
        return new HttpClientRequest(method, uri, copy, body, chunked);
    }

    public HttpClientRequest withBody(byte[] body) {
        return new HttpClientRequest(method, uri, headers, body, chunked);
    }

    /** This request with {@code body} encoded as UTF-8. */
    public HttpClientRequest withBody(String body) {
        return withBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** This request with {@code value} serialised by Jackson as the body, and {@code Content-Type: application/json}. */
    public HttpClientRequest withJson(Object value) {
        var copy = HttpClientHeaders.copyOf(headers).set("Content-Type", "application/json");
        return new HttpClientRequest(method, uri, copy, Json.write(value), chunked);
    }

    /** This request with its body sent chunked (or not). */
    public HttpClientRequest withChunked(boolean chunked) {
        return new HttpClientRequest(method, uri, headers, body, chunked);
    }

    /** True for methods a client may repeat without changing the outcome (RFC 9110 §9.2.2). */
    public boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    /** {@code METHOD url}, as error messages name the request. */
    public String target() {
        return method + " " + uri;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "HttpClientRequest[" + target() + (headers.isEmpty() ? "" : ", " + headers.size() + " fields")
                + (body == null ? "" : ", body=" + body.length + (chunked ? " chunked" : "")) + "]";
    }
}
