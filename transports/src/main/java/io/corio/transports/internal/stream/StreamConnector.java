package io.corio.transports.internal.stream;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Placeholder bodies, replaced by the TCP/Unix work. */
public final class StreamConnector {
    private StreamConnector() {
    }

    public static Future<Transport> tcp(EventLoop loop, Supplier<? extends Protocol> factory, String host, int port,
                                        ConnectOptions options) {
        throw new UnsupportedOperationException("not built yet");
    }

    public static Future<Transport> unix(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
                                         ConnectOptions options) {
        throw new UnsupportedOperationException("not built yet");
    }
}
