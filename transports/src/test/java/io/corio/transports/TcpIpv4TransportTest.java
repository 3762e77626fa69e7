package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.util.function.Supplier;

/** The stream transport contract over TCP on 127.0.0.1. */
class TcpIpv4TransportTest extends StreamTransportContract {
    @Override
    protected Future<Server> listen(EventLoop loop, Supplier<? extends Protocol> factory) {
        return Network.createServer(loop, factory, "127.0.0.1", 0, ServerOptions.DEFAULTS.withBacklog(2048));
    }

    @Override
    protected Future<Transport> connect(EventLoop loop, Server server, Supplier<? extends Protocol> factory) {
        return Network.createConnection(loop, factory, "127.0.0.1", server.port());
    }
}
