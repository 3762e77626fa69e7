package io.corio.transports.internal.pipe;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Protocol;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.function.Supplier;

/** Starts pipe transports for {@link io.corio.transports.Pipes}. Loop thread, or any thread before it runs. */
public final class PipeTransports {
    private PipeTransports() {
    }

    public static Future<Transport> read(EventLoop loop, Supplier<? extends Protocol> factory,
                                         SelectableChannel channel) {
        return start(loop, factory, channel, true);
    }

    public static Future<Transport> write(EventLoop loop, Supplier<? extends Protocol> factory,
                                          SelectableChannel channel) {
        return start(loop, factory, channel, false);
    }

    /**
     * Puts the channel in non-blocking mode, then in the next iteration creates the protocol and the transport and
     * calls {@code connectionMade}; the future completes after that, or fails if the factory threw.
     */
    private static Future<Transport> start(EventLoop loop, Supplier<? extends Protocol> factory,
                                           SelectableChannel channel, boolean read) {
        Future<Transport> done = loop.createFuture();
        if (!channel.isOpen()) {
            done.setException(new ClosedResourceException("pipe channel is closed: " + channel));
            return done;
        }
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            done.setException(e);
            return done;
        }
        loop.callSoon(() -> {
            if (done.isDone()) {
                return;   // cancelled before it started: the caller keeps the channel
            }
            Protocol protocol;
            try {
                protocol = factory.get();
                if (protocol == null) {
                    throw new IllegalArgumentException("protocol factory returned null");
                }
            } catch (Throwable t) {
                done.setException(t);
                return;
            }
            Transport transport;
            if (read) {
                var t = new PipeReadTransport(loop, channel, protocol, ServerOptions.DEFAULT_READ_BUFFER_SIZE);
                t.start();
                transport = t;
            } else {
                var t = new PipeWriteTransport(loop, channel, protocol, ServerOptions.DEFAULT_WRITE_HIGH,
                        ServerOptions.DEFAULT_WRITE_LOW);
                t.start();
                transport = t;
            }
            done.setResult(transport);
        });
        return done;
    }
}
