package io.corio.servers.http;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.servers.http.internal.HttpService;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;

/**
 * The HTTP/1.1 server: a {@link Service} that runs an {@link HttpHandler} on each request of each connection.
 *
 * <pre>{@code
 * var router = Router.create()
 *         .get("/", request -> HttpResponse.text("Hello, World!"))
 *         .get("/users/{id}", request -> HttpResponse.json(users.find(request.pathParam("id"))));
 * Server server = HttpServer.start(loop, router, "127.0.0.1", 8080, HttpServerOptions.DEFAULTS).await();
 * }</pre>
 *
 * Any stream transport works (TCP, Unix, TLS; give a TLS context the ALPN protocol {@code http/1.1}). Call on
 * the loop thread or before the loop runs.
 */
public final class HttpServer {
    private HttpServer() {
    }

    /**
     * A service answering with {@code handler}, whose {@code newProtocol} the launcher hands to
     * {@code Network.createServer}; one per listener and loop.
     */
    public static Service service(EventLoop loop, HttpHandler handler, HttpServerOptions options) {
        return new HttpService(loop, handler, options);
    }

    /** Listens on {@code host:port} (0 for a free port) with the write water marks of {@code options.limits()}. */
    public static Future<Server> start(EventLoop loop, HttpHandler handler, String host, int port,
                                       HttpServerOptions options) {
        return start(loop, handler, host, port, options, ServerOptions.DEFAULTS);
    }

    /** Like {@link #start(EventLoop, HttpHandler, String, int, HttpServerOptions)} with transport options (TLS). */
    public static Future<Server> start(EventLoop loop, HttpHandler handler, String host, int port,
                                       HttpServerOptions options, ServerOptions serverOptions) {
        Service service = service(loop, handler, options);
        ServerOptions withMarks = serverOptions.withWriteBufferLimits(options.limits().writeHighWater(),
                options.limits().writeLowWater());
        return Network.createServer(loop, service.protocolFactory(), host, port, withMarks);
    }

    /**
     * The built-in handler: {@code GET /} answers {@code 200 Hello, World!} as text/plain; other paths 404. It is
     * {@linkplain HttpHandler#direct direct} (no coroutine per request).
     */
    public static HttpHandler helloWorld() {
        return HelloWorld.DIRECT;
    }
}
