package io.corio.servers.admin;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.http.HttpServer;
import io.corio.servers.http.HttpServerOptions;
import io.corio.transports.Server;

/** Starts the admin listener: an HTTP-lite server with an {@link AdminHandler}, on one loop. */
public final class AdminServer {
    private AdminServer() {
    }

    /**
     * Listens on {@code host:port} (0: a free port) on {@code loop}. Call on the loop thread or before it runs.
     * The future fails with the transport's exception (a port in use).
     */
    public static Future<Server> start(EventLoop loop, AdminMetrics metrics, String host, int port) {
        return HttpServer.start(loop, new AdminHandler(metrics), host, port, HttpServerOptions.DEFAULTS);
    }
}
