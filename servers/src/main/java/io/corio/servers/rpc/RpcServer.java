package io.corio.servers.rpc;

import io.corio.loop.EventLoop;
import io.corio.servers.Service;
import io.corio.servers.rpc.internal.RpcServerService;

/**
 * JSON-RPC 2.0 over a stream transport (TCP, Unix, TLS): each connection reads framed messages, runs their calls
 * as coroutines, and writes each response as one frame as soon as it is ready (responses to pipelined calls may
 * come out of order; match them by id). Per connection: at most {@link RpcServerOptions#inFlight} calls run, an
 * oversized frame is answered {@code -32600} and the connection closed, an idle connection is closed, and a
 * {@code $/cancelRequest} notification ({@code {"id": X}}) cancels call X, which answers {@code -32800}.
 *
 * <pre>{@code
 * Service rpc = RpcServer.service(loop, RpcService.demo(), RpcServerOptions.DEFAULTS);
 * Network.createServer(loop, rpc.protocolFactory(), "127.0.0.1", 7002).await();
 * }</pre>
 */
public final class RpcServer {
    private RpcServer() {
    }

    /** The service that serves {@code rpc} on {@code loop}'s connections; drain answers the calls in flight. */
    public static Service service(EventLoop loop, RpcService rpc, RpcServerOptions options) {
        return new RpcServerService(loop, rpc, options);
    }
}
