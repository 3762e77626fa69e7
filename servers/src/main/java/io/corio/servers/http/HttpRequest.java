package io.corio.servers.http;

import io.corio.loop.Future;
import io.corio.servers.http.internal.Json;
import io.corio.servers.http.internal.UriCodec;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as its {@link HttpHandler} sees it: the parsed head (method, target, version, headers), the
 * path parameters the {@link Router} matched, and the body, read whole ({@link #body()}) or streamed
 * ({@link #bodyReader()}), once, one way or the other.
 *
 * <p>The server creates requests (an internal subclass supplies the body); tests may subclass it too. Loop thread
 * only, like the handler.
 */
public abstract class HttpRequest {
    private final String method;
    private final String target;
    private final HttpVersion version;
    private final HttpHeaders headers;
    private int queryStart = -2;
    private Map<String, String> pathParams = Map.of();
    private Map<String, List<String>> queryParams;

    protected HttpRequest(String method, String target, HttpVersion version, HttpHeaders headers) {
        this.method = method;
        this.target = target;
        this.version = version;
        this.headers = headers;
    }

    /** The method as sent, case-sensitive: {@code GET}, {@code POST}... */
    public final String method() {
        return method;
    }

    /** The request target as sent: {@code /users/42?full=1}, an absolute URI, or {@code *}. */
    public final String target() {
        return target;
    }

    public final HttpVersion version() {
        return version;
    }

    public final HttpHeaders headers() {
        return headers;
    }

    /** The first value of header {@code name}, or null. */
    public final String header(String name) {
        return headers.get(name);
    }

    /**
     * The path of the target, still percent-encoded, without the query: {@code /users/42}. For an absolute-form
     * target ({@code http://host/a}) the path part ({@code /a}, or {@code /} when empty).
     */
    public final String path() {
        int start = pathStart();
        int end = queryStart();
        String p = target.substring(start, end < 0 ? target.length() : end);
        return p.isEmpty() ? "/" : p;
    }

    /** The query after {@code ?}, still percent-encoded, or null when there is none. */
    public final String query() {
        int q = queryStart();
        return q < 0 ? null : target.substring(q + 1);
    }

    /** The first value of query parameter {@code name}, decoded ({@code +} is a space), or null. */
    public final String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Every query parameter, decoded, in order of first appearance. */
    public final Map<String, List<String>> queryParams() {
        if (queryParams == null) {
            String q = query();
            queryParams = q == null ? Map.of() : Collections.unmodifiableMap(UriCodec.parseQuery(q));
        }
        return queryParams;
    }

    /** The value the router matched for {@code {name}} in the route's pattern, decoded, or null. */
    public final String pathParam(String name) {
        return pathParams.get(name);
    }

    /** Every path parameter the router matched. */
    public final Map<String, String> pathParams() {
        return pathParams;
    }

    final void pathParams(LinkedHashMap<String, String> params) {
        this.pathParams = Collections.unmodifiableMap(params);
    }

    /**
     * The whole body, at most the listener's {@code bodySize} bytes (empty when there is none). Sends
     * {@code 100 Continue} first if the client asked for it. Exclusive with {@link #bodyReader()}.
     *
     * @return a future that fails with {@link HttpException} (400 malformed, 413 too large, 408 too slow)
     * @throws io.corio.loop.InvalidStateException if {@link #bodyReader()} was called
     */
    public abstract Future<byte[]> body();

    /**
     * The body as it arrives, piece by piece, with backpressure. Sends {@code 100 Continue} first if the client
     * asked for it. Exclusive with {@link #body()}; every call returns the same reader.
     */
    public abstract BodyReader bodyReader();

    /** The length the client declared with {@code Content-Length}, or -1 (chunked or no body). */
    public abstract long contentLength();

    /** The trailer fields of a chunked body, once it has been read to its end (empty before, or when none). */
    public abstract HttpHeaders trailers();

    /** The client's address (an {@code InetSocketAddress} over TCP), or null when the transport does not know. */
    public abstract SocketAddress remoteAddress();

    /** The whole body decoded as UTF-8. Awaits the body: call from the handler's coroutine. */
    public final String text() {
        return new String(body().await(), StandardCharsets.UTF_8);
    }

    /**
     * The body parsed as JSON into {@code type} with Jackson. Awaits the body: call from the handler's coroutine.
     *
     * @throws HttpException 400 naming the line and column when the body is not valid JSON for {@code type}
     */
    public final <T> T json(Class<T> type) {
        return Json.read(body().await(), type);
    }

    private int pathStart() {
        if (target.isEmpty() || target.charAt(0) == '/' || target.equals("*")) {
            return 0;
        }
        int scheme = target.indexOf("://");
        if (scheme < 0) {
            return 0;
        }
        int slash = target.indexOf('/', scheme + 3);
        int q = queryStart();
        if (slash < 0 || (q >= 0 && slash > q)) {
            return q < 0 ? target.length() : q;
        }
        return slash;
    }

    private int queryStart() {
        if (queryStart == -2) {
            queryStart = target.indexOf('?');
        }
        return queryStart;
    }

    @Override
    public String toString() {
        return "HttpRequest[" + method + " " + target + " " + version + "]";
    }
}
