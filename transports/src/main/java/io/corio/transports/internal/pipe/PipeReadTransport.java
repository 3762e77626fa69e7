package io.corio.transports.internal.pipe;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.transports.BaseTransport;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.Watches;
import io.corio.transports.internal.stream.IoContext;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SelectableChannel;

/**
 * The read end of a pipe ({@code Pipe.SourceChannel}, or any selectable readable channel), as asyncio's
 * {@code _UnixReadPipeTransport}: reads go into the loop's shared read buffer (the one stream transports use, see
 * {@link IoContext}) or the {@link BufferedProtocol}'s; end of stream calls {@code eofReceived} and then closes
 * (a pipe has no other direction to keep open). A read-only transport: {@code write} throws.
 */
final class PipeReadTransport implements Transport, Runnable {
    /** Reads per readiness event while each read fills the buffer, as for sockets. */
    static final int MAX_READS_PER_EVENT = 4;

    private final EventLoop loop;
    private final SelectableChannel selectable;
    private final ScatteringByteChannel channel;
    private final IoContext io;
    private final int readBufferSize;
    private Protocol protocol;
    private BufferedProtocol buffered;
    private boolean closed;
    private boolean reading;
    private boolean readPaused;

    PipeReadTransport(EventLoop loop, SelectableChannel channel, Protocol protocol, int readBufferSize) {
        this.loop = loop;
        this.selectable = channel;
        this.channel = (ScatteringByteChannel) channel;
        this.io = IoContext.of(loop);
        this.readBufferSize = readBufferSize;
        setProtocol(protocol);
    }

    /** Calls {@code connectionMade} and starts reading unless the protocol paused. */
    void start() {
        io.transportOpened();
        try {
            protocol.connectionMade(this);
        } catch (Throwable t) {
            protocolFailed("connectionMade", t);
            return;
        }
        if (!closed && !readPaused) {
            startReading();
        }
    }

    /** The reader callback: the pipe is readable (data, end of stream, or an error). */
    @Override
    public void run() {
        for (int i = 0; i < MAX_READS_PER_EVENT && reading && !closed; i++) {
            int n;
            int max;
            ByteBuf buf = null;
            BufferedProtocol p = buffered;
            try {
                if (p != null) {
                    buf = p.getBuffer(readBufferSize);
                    max = Math.min(buf.writableBytes(), readBufferSize);
                    if (max <= 0) {
                        throw new IllegalStateException("getBuffer returned a buffer with no writable byte");
                    }
                } else {
                    buf = io.readBuffer(readBufferSize);
                    max = readBufferSize;
                }
                n = buf.writeBytes(channel, max);
            } catch (IOException e) {
                fatalError(e, "Fatal read error on pipe transport");
                return;
            } catch (Throwable t) {
                protocolFailed("getBuffer", t);
                return;
            }
            if (n < 0) {
                readEof();
                return;
            }
            if (n == 0) {
                return;
            }
            io.counters.bytesRead += n;
            if (!deliver(p, buf, n) || n < max) {
                return;
            }
        }
    }

    /** Hands {@code n} bytes to the protocol; false if it failed. */
    private boolean deliver(BufferedProtocol p, ByteBuf buf, int n) {
        if (p != null) {
            try {
                p.bufferUpdated(n);
                return true;
            } catch (Throwable t) {
                protocolFailed("bufferUpdated", t);
                return false;
            }
        }
        try {
            protocol.dataReceived(buf);
            return true;
        } catch (Throwable t) {
            protocolFailed("dataReceived", t);
            return false;
        } finally {
            io.readDone(buf);
        }
    }

    private void readEof() {
        stopReading();
        try {
            protocol.eofReceived();
        } catch (Throwable t) {
            protocolFailed("eofReceived", t);
            return;
        }
        forceClose(null);
    }

    private void startReading() {
        Watches.reader(loop, selectable, this, this);
        reading = true;
    }

    private void stopReading() {
        if (reading) {
            reading = false;
            Watches.removeReader(loop, selectable, this);
        }
    }

    @Override
    public void pauseReading() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (closed || readPaused) {
            return;
        }
        readPaused = true;
        stopReading();
    }

    @Override
    public void resumeReading() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (closed || !readPaused) {
            return;
        }
        readPaused = false;
        startReading();
    }

    @Override
    public boolean isReading() {
        return !closed && !readPaused;
    }

    /** @throws UnsupportedOperationException always (after releasing {@code data}): the read end cannot write */
    @Override
    public void write(ByteBuf data) {
        data.release();
        throw new UnsupportedOperationException("a read pipe transport cannot write: " + this);
    }

    /** @throws UnsupportedOperationException always: the read end cannot write */
    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a read pipe transport cannot write: " + this);
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw new UnsupportedOperationException("a read pipe transport has no write buffer: " + this);
    }

    @Override
    public int writeBufferHigh() {
        return 0;
    }

    @Override
    public int writeBufferLow() {
        return 0;
    }

    @Override
    public long writeBufferSize() {
        return 0;
    }

    // ------------------------------------------------------------------------------------------------- closing

    /** Nothing to flush: closes the pipe now and schedules {@code connectionLost(null)}. */
    @Override
    public void close() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        forceClose(null);
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    private void forceClose(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        stopReading();
        closeQuietly(loop, selectable, this, protocol);
        try {
            loop.callSoon(() -> connectionLost(cause));
        } catch (ClosedResourceException e) {
            connectionLost(cause);
        }
    }

    private void connectionLost(Throwable cause) {
        try {
            protocol.connectionLost(cause);
        } catch (Throwable t) {
            loop.callExceptionHandler(ErrorContext.of("Exception in protocol.connectionLost()", t, this, this,
                    protocol));
        } finally {
            io.transportLost();
        }
    }

    private void fatalError(IOException e, String message) {
        loop.callExceptionHandler(ErrorContext.of(message, e, this, this, protocol));
        forceClose(e);
    }

    private void protocolFailed(String method, Throwable t) {
        loop.callExceptionHandler(ErrorContext.of("Exception in protocol." + method + "()", t, this, this,
                protocol));
        forceClose(t);
    }

    static void closeQuietly(EventLoop loop, SelectableChannel channel, BaseTransport transport, Object protocol) {
        try {
            channel.close();
        } catch (IOException e) {
            loop.callExceptionHandler(ErrorContext.of("Error closing a pipe", e, transport, transport, protocol));
        }
    }

    static boolean isBrokenPipe(Throwable e) {
        String m = e.getMessage();
        return e instanceof IOException && m != null && m.contains("Broken pipe");
    }

    // ------------------------------------------------------------------------------------------- information

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
        this.protocol = protocol;
        this.buffered = protocol instanceof BufferedProtocol b ? b : null;
    }

    @Override
    public <T> T extra(Extra<T> key) {
        return key == Extra.CHANNEL ? key.cast(selectable) : null;
    }

    @Override
    public String toString() {
        return "PipeReadTransport[state=" + (closed ? "CLOSED" : "OPEN") + (readPaused ? ", reading paused" : "")
                + ']';
    }
}
