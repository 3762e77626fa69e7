package io.corio.transports.tls;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.StreamTransportContract;
import io.corio.transports.Transport;
import java.util.function.Supplier;

/** The stream transport contract over TLS on TCP 127.0.0.1, BCJSSE on both ends (TLS cannot half-close). */
class TlsTransportTest extends StreamTransportContract {
    private static final TlsContext SERVER = TlsFixtures.build(TlsFixtures.server());
    private static final TlsContext CLIENT = TlsFixtures.build(TlsFixtures.client());

    @Override
    protected Future<Server> listen(EventLoop loop, Supplier<? extends Protocol> factory) {
        return Network.createServer(loop, factory, "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withBacklog(2048).withTls(SERVER));
    }

    /**
     * Runs before the contract's own teardown: the TLS layer releases a stashed record (kept while reading is
     * paused) in {@code connectionLost}, which the socket transport schedules on the loop; let it run.
     */
    @Override
    protected Future<Transport> connect(EventLoop loop, Server server, Supplier<? extends Protocol> factory) {
        return Network.createConnection(loop, factory, "127.0.0.1", server.port(),
                ConnectOptions.DEFAULTS.withTls(CLIENT).withServerHostname("localhost"));
    }

    @Override
    protected boolean supportsHalfClose() {
        return false;
    }
}
