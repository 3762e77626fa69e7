package io.corio.transports.internal.stream;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Placeholder bodies, replaced by the TCP/Unix work. */
public final class StreamServers {
    private StreamServers() {
    }

    public static Future<Server> tcp(EventLoop loop, Supplier<? extends Protocol> factory, String host, int port,
                                     ServerOptions options) {
        throw new UnsupportedOperationException("not built yet");
    }

    public static Future<Server> unix(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
                                      ServerOptions options) {
        throw new UnsupportedOperationException("not built yet");
    }
}
