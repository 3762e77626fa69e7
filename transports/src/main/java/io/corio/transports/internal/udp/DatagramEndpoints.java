package io.corio.transports.internal.udp;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import java.util.function.Supplier;

/** Placeholder body, replaced by the UDP work. */
public final class DatagramEndpoints {
    private DatagramEndpoints() {
    }

    public static Future<DatagramTransport> create(EventLoop loop, Supplier<? extends DatagramProtocol> factory,
                                                   DatagramOptions options) {
        throw new UnsupportedOperationException("not built yet");
    }
}
