package io.corio.servers.http.client;

import io.corio.loop.Async;
import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimeoutException;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.servers.http.client.internal.ClientConnection;
import io.corio.servers.http.client.internal.ConnectionPool;
import io.corio.servers.http.client.internal.Connector;
import io.corio.servers.http.client.internal.NetworkConnector;
import io.corio.servers.http.client.internal.Origin;
import io.corio.servers.http.client.internal.Redirects;
import io.corio.servers.http.client.internal.RequestEncoder;
import io.netty.buffer.ByteBuf;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLException;

/**
 * A small HTTP/1.1 client on one {@link EventLoop}: keep-alive connections pooled per origin, chunked and
 * close-delimited responses, timeouts, TLS and Unix sockets.
 *
 * <pre>{@code
 * try (var client = HttpClient.create(loop, HttpClientOptions.DEFAULTS)) {
 *     HttpClientResponse r = client.get("http://127.0.0.1:8080/").await();   // in a coroutine
 *     System.out.println(r.status() + " " + r.text());
 * }
 * }</pre>
 *
 * <ul>
 * <li>Loop-confined: call {@link #send}, {@link #get} and {@link #close} on the loop thread (a coroutine or a
 *     callback), or before the loop runs. Each exchange runs as a task named {@code http GET <url>}; the futures
 *     complete on the loop.</li>
 * <li>One request at a time per connection (no pipelining). A request that fails on a <em>reused</em> connection
 *     before any response byte arrived (the server closed it meanwhile) is retried once on a new connection if
 *     its method is idempotent.</li>
 * <li>Redirects are returned as they are unless {@link HttpClientOptions#maxRedirects()} is set.</li>
 * <li>Failures complete the future with {@link HttpClientException} (its {@link HttpClientException#kind()} says
 *     what happened); cancelling the future aborts the connection in use.</li>
 * </ul>
 */
public final class HttpClient implements AutoCloseable {
    private final EventLoop loop;
    private final HttpClientOptions options;
    private final ConnectionPool pool;

    HttpClient(EventLoop loop, HttpClientOptions options, Connector connector) {
        this.loop = loop;
        this.options = options;
        this.pool = new ConnectionPool(loop, connector, options.maxConnectionsPerHost(), options.idleTimeout(),
                options.maxHeadBytes());
    }

    /** A client on {@code loop}; it opens no connection until the first request. */
    public static HttpClient create(EventLoop loop, HttpClientOptions options) {
        return new HttpClient(loop, options, new NetworkConnector(loop, options));
    }

    /** A client with {@link HttpClientOptions#DEFAULTS}. */
    public static HttpClient create(EventLoop loop) {
        return create(loop, HttpClientOptions.DEFAULTS);
    }

    public HttpClientOptions options() {
        return options;
    }

    /** {@code send(HttpClientRequest.get(url))}. @throws IllegalArgumentException for a bad URL */
    public Future<HttpClientResponse> get(String url) {
        return send(HttpClientRequest.get(url));
    }

    /**
     * Sends {@code request} and returns the future of its complete response (any status: 4xx and 5xx are
     * responses, not failures).
     *
     * @throws io.corio.loop.ClosedResourceException if the client is closed
     */
    public Future<HttpClientResponse> send(HttpClientRequest request) {
        pool.ensureOpen();
        return loop.createTask(() -> withDeadline(request, "no complete response",
                () -> followingRedirects(request)), "http " + request.target());
    }

    /**
     * Sends {@code request} and returns the future of its head, with the body to be read piece by piece from the
     * {@link HttpClientStream} (close it when done). Redirects are not followed; {@code maxResponseBytes} does
     * not apply (the reader decides); the total timeout covers the exchange up to the head.
     *
     * @throws io.corio.loop.ClosedResourceException if the client is closed
     */
    public Future<HttpClientStream> stream(HttpClientRequest request) {
        pool.ensureOpen();
        return loop.createTask(() -> withDeadline(request, "no response head",
                () -> exchange(request, this::streamOn)), "http " + request.target());
    }

    /** Connections open now (connecting, idle or busy), for diagnostics and tests. */
    public int openConnections() {
        return pool.openCount();
    }

    /** Idle pooled connections to {@code url}'s origin. */
    public int idleConnections(String url) {
        return pool.idleCount(Origin.of(URI.create(url), options.unixSocket()));
    }

    /** Closes idle connections; busy ones close after their response; later requests fail. Idempotent. */
    @Override
    public void close() {
        pool.close();
    }

    // ---------------------------------------------------------------------------------------- the exchange

    private <T> T withDeadline(HttpClientRequest request, String what, Callable<T> body) throws Exception {
        Duration total = options.totalTimeout();
        if (total == null) {
            return body.call();
        }
        try {
            return Async.timeout(total, body);
        } catch (TimeoutException e) {
            throw new HttpClientException(Kind.TIMEOUT, request.target(), what + " within " + total.toMillis()
                    + " ms (total timeout)", e);
        }
    }

    private HttpClientResponse followingRedirects(HttpClientRequest request) {
        HttpClientRequest current = request;
        for (int redirects = 0; ; redirects++) {
            HttpClientResponse response = exchange(current, this::bufferOn);
            if (options.maxRedirects() == 0 || !Redirects.isRedirect(response.status())) {
                return response;
            }
            if (redirects == options.maxRedirects()) {
                throw new HttpClientException(Kind.REDIRECTS, request.target(), "more than "
                        + options.maxRedirects() + " redirects (last to " + response.header("Location") + ")", null);
            }
            current = Redirects.next(current, response);
        }
    }

    /** Sends the encoded request on a connection; buffered or streamed. */
    private interface Sender<T> {
        Future<T> send(ClientConnection connection, HttpClientRequest request, ByteBuf bytes);
    }

    /** One request and response, with the single retry on a fresh connection. */
    private <T> T exchange(HttpClientRequest request, Sender<T> sender) {
        Origin origin = Origin.of(request.uri(), options.unixSocket());
        ClientConnection connection = connect(request, pool.acquire(origin));
        boolean reused = connection.served() > 0;
        try {
            return send(connection, request, origin, sender);
        } catch (HttpClientException e) {
            if (!(reused && e.beforeResponse() && request.idempotent())) {
                throw e;
            }
        }
        return send(connect(request, pool.acquireNew(origin)), request, origin, sender);
    }

    private <T> T send(ClientConnection connection, HttpClientRequest request, Origin origin, Sender<T> sender) {
        var bytes = RequestEncoder.encode(request, origin, options.userAgent(), options.idleTimeout().isZero());
        Future<T> response = sender.send(connection, request, bytes);
        try {
            return response.await();
        } catch (CancelledException e) {
            if (response.isDone() && !response.isCancelled() && response.exception() == null
                    && response.result() instanceof HttpClientStream stream) {
                stream.close(); // the head arrived just as this task was cancelled: nobody will read the body
            }
            throw e;
        }
    }

    private Future<HttpClientResponse> bufferOn(ClientConnection c, HttpClientRequest request, ByteBuf bytes) {
        return c.send(bytes, request.uri(), request.target(), request.method().equals("HEAD"),
                options.headersTimeout(), options.maxResponseBytes());
    }

    private Future<HttpClientStream> streamOn(ClientConnection c, HttpClientRequest request, ByteBuf bytes) {
        return c.sendStreaming(bytes, request.uri(), request.target(), request.method().equals("HEAD"),
                options.headersTimeout());
    }

    private ClientConnection connect(HttpClientRequest request, Future<ClientConnection> connecting) {
        try {
            return connecting.await();
        } catch (HttpClientException e) {
            throw e;
        } catch (CancelledException e) {
            if (connecting.isDone() && !connecting.isCancelled() && connecting.exception() == null) {
                pool.released(connecting.result(), true); // handed over just as this task was cancelled
            }
            throw e;
        } catch (RuntimeException e) {
            throw connectFailure(request, e);
        } catch (Exception e) {
            throw connectFailure(request, e);
        }
    }

    private static HttpClientException connectFailure(HttpClientRequest request, Throwable e) {
        Kind kind = e instanceof SocketTimeoutException ? Kind.TIMEOUT : Kind.CONNECT;
        String what = e instanceof SSLException ? "TLS handshake failed: " : "";
        return new HttpClientException(kind, request.target(), what + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "HttpClient[" + loop + ", " + pool + "]";
    }
}
