package io.corio.transports.internal.pipe;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.WaterMarks;
import io.corio.transports.internal.Watches;
import io.corio.transports.internal.stream.IoContext;
import io.corio.transports.internal.stream.WriteQueue;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectableChannel;

/**
 * The write end of a pipe ({@code Pipe.SinkChannel}, or any selectable gathering channel), as asyncio's
 * {@code _UnixWritePipeTransport}: a write goes to the pipe at once when nothing is queued, the rest waits in a
 * {@link WriteQueue} flushed on writability, with the usual water marks. A pipe has no half-close, so
 * {@code writeEof} closes the pipe once the queue is flushed (the reader sees EOF). Java's selector offers only
 * {@code OP_WRITE} on a sink, which an idle pipe always satisfies, so a reader that closes is noticed at the next
 * write or flush: EPIPE ({@code IOException: Broken pipe}) becomes {@code connectionLost(cause)}.
 */
final class PipeWriteTransport implements Transport {
    private enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final SelectableChannel selectable;
    private final GatheringByteChannel channel;
    private final IoContext io;
    private Protocol protocol;
    private WriteQueue queue;
    private int high;
    private int low;
    private State state = State.OPEN;
    private boolean writePaused;
    private boolean eofRequested;

    PipeWriteTransport(EventLoop loop, SelectableChannel channel, Protocol protocol, int high, int low) {
        WaterMarks.check(high, low);
        this.loop = loop;
        this.selectable = channel;
        this.channel = (GatheringByteChannel) channel;
        this.io = IoContext.of(loop);
        this.high = high;
        this.low = low;
        setProtocol(protocol);
    }

    /** Calls {@code connectionMade}. */
    void start() {
        io.transportOpened();
        try {
            protocol.connectionMade(this);
        } catch (Throwable t) {
            protocolFailed("connectionMade", t);
        }
    }

    @Override
    public void write(ByteBuf data) {
        if (loop.isDebug()) {
            try {
                IoContext.checkThread(loop);
            } catch (WrongThreadException e) {
                data.release();
                throw e;
            }
        }
        if (state != State.OPEN) {
            data.release();
            return;
        }
        if (eofRequested) {
            data.release();
            throw new InvalidStateException("write() after writeEof() on " + this);
        }
        int size = data.readableBytes();
        if (size == 0) {
            data.release();
            return;
        }
        if (queue == null) {
            long written;
            try {
                written = data.nioBufferCount() == 1
                        ? channel.write(data.internalNioBuffer(data.readerIndex(), size))
                        : channel.write(data.nioBuffers());
            } catch (IOException e) {
                data.release();
                fatalError(e);
                return;
            }
            io.counters.bytesWritten += written;
            if (written == size) {
                data.release();
                return;
            }
            data.skipBytes((int) written);
            queue = new WriteQueue();
            Watches.writer(loop, selectable, this::flush, this);
        }
        queue.add(data);
        if (!writePaused && queue.bytes() > high) {
            writePaused = true;
            try {
                protocol.pauseWriting();
            } catch (Throwable t) {
                protocolFailed("pauseWriting", t);
            }
        }
    }

    /** The writer callback: the pipe is writable and data is queued. */
    private void flush() {
        WriteQueue q = queue;
        if (q == null || state == State.CLOSED) {
            return;
        }
        try {
            io.counters.bytesWritten += q.flush(channel, io.gather);
        } catch (IOException e) {
            fatalError(e);
            return;
        }
        if (writePaused && q.bytes() <= low) {
            writePaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable t) {
                protocolFailed("resumeWriting", t);
                return;
            }
        }
        if (queue == q && q.isEmpty()) {   // resumeWriting may have written more, or aborted
            queue = null;
            Watches.removeWriter(loop, selectable, this);
            if (state == State.CLOSING || eofRequested) {
                forceClose(null);
            }
        }
    }

    /** A pipe has no half-close: the end of data is the close of the write end, once the queue is flushed. */
    @Override
    public void writeEof() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (state != State.OPEN || eofRequested) {
            return;
        }
        eofRequested = true;
        if (queue == null) {
            forceClose(null);
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void pauseReading() {
        // a write-only transport: nothing to pause
    }

    @Override
    public void resumeReading() {
        // a write-only transport: nothing to resume
    }

    @Override
    public boolean isReading() {
        return false;
    }

    // --------------------------------------------------------------------------------------------- water marks

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks.check(high, low);
        this.high = high;
        this.low = low;
        long size = writeBufferSize();
        if (state == State.CLOSED) {
            return;
        }
        int crossing = WaterMarks.crossing(writePaused, size, high, low);
        try {
            if (crossing == WaterMarks.PAUSE) {
                writePaused = true;
                protocol.pauseWriting();
            } else if (crossing == WaterMarks.RESUME) {
                writePaused = false;
                protocol.resumeWriting();
            }
        } catch (Throwable t) {
            protocolFailed(writePaused ? "pauseWriting" : "resumeWriting", t);
        }
    }

    @Override
    public int writeBufferHigh() {
        return high;
    }

    @Override
    public int writeBufferLow() {
        return low;
    }

    @Override
    public long writeBufferSize() {
        return queue == null ? 0 : queue.bytes();
    }

    // ------------------------------------------------------------------------------------------------- closing

    /** Flushes what is queued, then closes the pipe. */
    @Override
    public void close() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        if (queue == null) {
            forceClose(null);
        }
    }

    @Override
    public void abort() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        forceClose(null);
    }

    @Override
    public boolean isClosing() {
        return state != State.OPEN || eofRequested;
    }

    /** The one way out: releases the queue, closes the pipe, schedules {@code connectionLost(cause)} once. */
    private void forceClose(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (queue != null) {
            queue.releaseAll(cause);
            queue = null;
            Watches.removeWriter(loop, selectable, this);
        }
        PipeReadTransport.closeQuietly(loop, selectable, this, protocol);
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

    /** A write error: EPIPE (the reader closed) is reported only in debug mode, anything else always. */
    private void fatalError(IOException e) {
        if (!PipeReadTransport.isBrokenPipe(e) || loop.isDebug()) {
            loop.callExceptionHandler(ErrorContext.of("Fatal write error on pipe transport", e, this, this,
                    protocol));
        }
        forceClose(e);
    }

    private void protocolFailed(String method, Throwable t) {
        loop.callExceptionHandler(ErrorContext.of("Exception in protocol." + method + "()", t, this, this,
                protocol));
        forceClose(t);
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
    }

    @Override
    public <T> T extra(Extra<T> key) {
        return key == Extra.CHANNEL ? key.cast(selectable) : null;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("PipeWriteTransport[state=").append(state);
        long buffered = writeBufferSize();
        if (buffered > 0) {
            sb.append(", buffered=").append(buffered);
        }
        if (writePaused) {
            sb.append(", writing paused");
        }
        if (eofRequested) {
            sb.append(", eof pending");
        }
        return sb.append(']').toString();
    }
}
