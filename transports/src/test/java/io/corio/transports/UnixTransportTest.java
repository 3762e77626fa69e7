package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The stream transport contract over Unix domain sockets in /tmp (short paths: the limit is 107 bytes). */
class UnixTransportTest extends StreamTransportContract {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A socket path nobody uses, short enough for sun_path. */
    static Path freshPath() {
        return Path.of("/tmp", "corio-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".sock");
    }

    @Override
    protected Future<Server> listen(EventLoop loop, Supplier<? extends Protocol> factory) {
        return Network.createUnixServer(loop, factory, freshPath(), ServerOptions.DEFAULTS.withBacklog(2048));
    }

    @Override
    protected Future<Transport> connect(EventLoop loop, Server server, Supplier<? extends Protocol> factory) {
        return Network.createUnixConnection(loop, factory, Path.of(server.addresses().getFirst().toString()),
                ConnectOptions.DEFAULTS);
    }
}
