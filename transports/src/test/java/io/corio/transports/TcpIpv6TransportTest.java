package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/** The stream transport contract over TCP on ::1; skipped, saying why, where IPv6 loopback is unavailable. */
class TcpIpv6TransportTest extends StreamTransportContract {
    @BeforeAll
    static void needsIpv6Loopback() {
        Assumptions.assumeTrue(ipv6LoopbackWorks(), () -> {
            String reason = "::1 is not available on this host: IPv6 TCP contract skipped";
            System.out.println(reason);
            return reason;
        });
    }

    static boolean ipv6LoopbackWorks() {
        try (var channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    protected Future<Server> listen(EventLoop loop, Supplier<? extends Protocol> factory) {
        return Network.createServer(loop, factory, "::1", 0, ServerOptions.DEFAULTS.withBacklog(2048));
    }

    @Override
    protected Future<Transport> connect(EventLoop loop, Server server, Supplier<? extends Protocol> factory) {
        return Network.createConnection(loop, factory, "::1", server.port());
    }
}
