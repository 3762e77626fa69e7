package io.corio.transports.internal;

import io.corio.loop.Future;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;

/**
 * {@code sendFile} for a {@link Transport} that does not implement it (the interface's default): as asyncio's
 * {@code _SendfileFallbackProtocol}, the transport's protocol is swapped for this tap for the duration of the
 * send, so that a {@link ChunkedFileSender} hears {@code resumeWriting} and {@code connectionLost}; every
 * callback is passed on to the application's protocol, and the protocol is put back once the files are sent.
 *
 * <p>Such a transport cannot hold back the application's own writes: bytes written before the future completes go
 * out in the middle of the file, so callers await it first. The transports of this module implement
 * {@code sendFile} themselves and keep the order.
 */
public class FallbackTap implements Protocol {
    private final Transport transport;
    private final Protocol app;
    private final ChunkedFileSender sender;

    private FallbackTap(Transport transport, Protocol app) {
        this.transport = transport;
        this.app = app;
        this.sender = new ChunkedFileSender(transport, transport::write, this::restore);
    }

    /** Sends through the tap already on {@code transport}, or puts one there. Call after the prechecks. */
    public static Future<Long> send(Transport transport, FileChannel file, long position, long count) {
        FallbackTap tap;
        if (transport.protocol() instanceof FallbackTap existing && existing.transport == transport) {
            tap = existing;
        } else {
            Protocol app = transport.protocol();
            tap = app instanceof BufferedProtocol b ? new Buffered(transport, b) : new FallbackTap(transport, app);
            transport.setProtocol(tap);
        }
        return tap.sender.send(file, position, count);
    }

    private void restore() {
        if (transport.protocol() == this) {
            transport.setProtocol(app);
        }
    }

    @Override
    public void connectionMade(Transport t) {
        app.connectionMade(t);
    }

    @Override
    public void dataReceived(ByteBuf data) {
        app.dataReceived(data);
    }

    @Override
    public boolean eofReceived() {
        return app.eofReceived();
    }

    @Override
    public void connectionLost(Throwable cause) {
        sender.lost(cause);
        app.connectionLost(cause);
    }

    @Override
    public void pauseWriting() {
        app.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        app.resumeWriting();
        sender.resumed();
    }

    @Override
    public String toString() {
        return "FallbackTap[" + app + "]";
    }

    /** The tap over a {@link BufferedProtocol}, so that the transport still reads into the application's buffer. */
    private static final class Buffered extends FallbackTap implements BufferedProtocol {
        private final BufferedProtocol app;

        Buffered(Transport transport, BufferedProtocol app) {
            super(transport, app);
            this.app = app;
        }

        @Override
        public ByteBuf getBuffer(int sizeHint) {
            return app.getBuffer(sizeHint);
        }

        @Override
        public void bufferUpdated(int n) {
            app.bufferUpdated(n);
        }

        @Override
        public void dataReceived(ByteBuf data) {
            app.dataReceived(data);
        }
    }
}
