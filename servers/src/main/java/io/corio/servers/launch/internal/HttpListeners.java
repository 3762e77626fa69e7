package io.corio.servers.launch.internal;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.http.HttpHandler;
import io.corio.servers.http.HttpServer;
import io.corio.servers.http.HttpServerOptions;
import io.corio.servers.http.Router;
import io.corio.servers.http.StaticFiles;
import io.corio.servers.launch.LaunchContext;
import io.corio.servers.launch.ServiceFactory;
import io.corio.servers.launch.ServiceRegistry;
import io.corio.servers.rpc.RpcOverHttp;
import io.corio.servers.rpc.RpcService;

/**
 * What an {@code http} listener serves: the files under {@code options.root}, or {@code Hello, World!} at
 * {@code GET /} without a root; with {@code options.rpcPath}, JSON-RPC over POST at that path (the demo service),
 * everything else as before. Each worker loop gets its own handler and request counters.
 */
public final class HttpListeners {
    private HttpListeners() {
    }

    /** The factory for one http listener (a {@link ServiceFactory.Preparer}). */
    public static ServiceFactory prepare(ListenerConfig listener, LaunchContext context) {
        ProtocolOptions.Http http = ServiceRegistry.options(listener, ProtocolOptions.Http.DEFAULTS);
        HttpServerOptions base = HttpServerOptions.from(listener.limits(), listener.timeouts(), http);
        RpcService rpc = http.rpcPath() != null ? RpcService.demo() : null;
        return (loop, config) -> HttpServer.service(loop, handler(http, rpc),
                base.withMetrics(context.httpMetrics(loop, listener.name())));
    }

    private static HttpHandler handler(ProtocolOptions.Http http, RpcService rpc) {
        HttpHandler content = http.root() != null ? StaticFiles.serve(http.root()) : HttpServer.helloWorld();
        if (rpc == null) {
            return content;
        }
        return Router.create().post(http.rpcPath(), RpcOverHttp.handler(rpc)).notFound(content);
    }
}
