package io.corio.transports.internal.stream;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.FileSends;
import io.corio.transports.internal.WaterMarks;
import io.corio.transports.internal.Watches;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * A TCP or Unix stream connection over a non-blocking {@link SocketChannel}, the way asyncio's
 * {@code _SelectorSocketTransport} works: the transport is its own reader callback, reads go into the loop's
 * shared buffer (or the {@link BufferedProtocol}'s), a write goes to the socket at once when nothing is queued and
 * the rest waits in a {@link WriteQueue} flushed on writability; {@code sendFile} queues a {@link FileRegion} there,
 * sent with sendfile(2) in its turn. Every failure ends in {@link #forceClose}, which
 * schedules {@code connectionLost} exactly once.
 *
 * <p>An idle connection holds this object, the channel and its selection key: no buffer, no queue.
 */
final class SocketTransport implements Transport, Runnable {
    /** Reads per readiness event while each read fills the buffer: bounded so one busy peer cannot starve others. */
    static final int MAX_READS_PER_EVENT = 4;

    private enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final IoContext io;
    private final boolean unix;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final int readBufferSize;
    private Protocol protocol;
    private BufferedProtocol buffered;
    private WriteQueue queue;
    private int high;
    private int low;
    private State state = State.OPEN;
    private boolean reading;
    private boolean readPaused;
    private boolean writePaused;
    private boolean corking;        // inside a read event whose last read filled the buffer
    private boolean corked;         // the queue was created while corking: no writer registered yet
    private boolean eofRequested;
    private boolean outputShut;
    private boolean inputShut;

    /** Set by {@link StreamServer} for the connections it accepted: an intrusive list, no per-connection node. */
    StreamServer server;
    SocketTransport prev;
    SocketTransport next;

    SocketTransport(EventLoop loop, SocketChannel channel, Protocol protocol, boolean unix, int high, int low,
                    int readBufferSize) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.io = IoContext.of(loop);
        this.unix = unix;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.readBufferSize = readBufferSize;
        this.high = high;
        this.low = low;
        setProtocol(protocol);
    }

    /** Calls {@code connectionMade} and starts reading. The channel is connected and non-blocking. */
    void start() {
        io.transportOpened();
        try {
            protocol.connectionMade(this);
        } catch (Throwable t) {
            protocolFailed("connectionMade", t);
            return;
        }
        if (state == State.OPEN && !readPaused && !inputShut) {
            startReading();
        }
    }

    // ------------------------------------------------------------------------------------------------- reading

    /**
     * The reader callback: the channel is readable. While a read filled the buffer (more bytes are waiting), the
     * protocol's writes are held and leave together in one gathering write when this event ends, as Netty flushes
     * on {@code channelReadComplete}: a 100 KiB echo then costs one write instead of one per 64 KiB read.
     */
    @Override
    public void run() {
        if (state != State.OPEN || !reading) {
            return;
        }
        try {
            if (buffered != null) {
                readIntoProtocolBuffer();
            } else {
                readIntoSharedBuffer();
            }
        } finally {
            corking = false;
            if (corked) {
                uncork();
            }
        }
    }

    private void readIntoSharedBuffer() {
        for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
            ByteBuf buf = io.readBuffer(readBufferSize);
            int n;
            try {
                n = buf.writeBytes(channel, readBufferSize);
            } catch (IOException e) {
                fatalError(e, "Fatal read error on socket transport");
                return;
            }
            if (n <= 0) {
                if (n < 0) {
                    readEof();
                }
                return;
            }
            io.counters.bytesRead += n;
            corking = n == readBufferSize && i + 1 < MAX_READS_PER_EVENT;
            try {
                protocol.dataReceived(buf);
            } catch (Throwable t) {
                io.readDone(buf);
                protocolFailed("dataReceived", t);
                return;
            }
            io.readDone(buf);
            if (n < readBufferSize || !reading) {
                return;
            }
        }
    }

    /** Sends what was written while corked; registers the writer only if the socket did not take it all. */
    private void uncork() {
        corked = false;
        if (queue != null && state != State.CLOSED) {
            flush();
            if (queue != null && state != State.CLOSED) {
                Watches.writer(loop, channel, this::flush, this);
            }
        }
    }

    private void readIntoProtocolBuffer() {
        BufferedProtocol p = buffered;
        for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
            int n;
            int max;
            try {
                ByteBuf target = p.getBuffer(readBufferSize);
                max = Math.min(target.writableBytes(), readBufferSize);
                if (max <= 0) {
                    throw new IllegalStateException("getBuffer returned a buffer with no writable byte");
                }
                n = target.writeBytes(channel, max);
                corking = n == max && i + 1 < MAX_READS_PER_EVENT;
            } catch (IOException e) {
                fatalError(e, "Fatal read error on socket transport");
                return;
            } catch (Throwable t) {
                protocolFailed("getBuffer", t);
                return;
            }
            if (n <= 0) {
                if (n < 0) {
                    readEof();
                }
                return;
            }
            io.counters.bytesRead += n;
            try {
                p.bufferUpdated(n);
            } catch (Throwable t) {
                protocolFailed("bufferUpdated", t);
                return;
            }
            if (n < max || !reading || buffered != p) {
                return;
            }
        }
    }

    private void readEof() {
        inputShut = true;
        stopReading();
        boolean keepOpen;
        try {
            keepOpen = protocol.eofReceived();
        } catch (Throwable t) {
            protocolFailed("eofReceived", t);
            return;
        }
        if (!keepOpen || eofRequested) {
            close();
        }
    }

    private void startReading() {
        Watches.reader(loop, channel, this, this);
        reading = true;
    }

    private void stopReading() {
        if (reading) {
            reading = false;
            Watches.removeReader(loop, channel, this);
        }
    }

    @Override
    public void pauseReading() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (state != State.OPEN || readPaused) {
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
        if (state != State.OPEN || !readPaused) {
            return;
        }
        readPaused = false;
        if (!inputShut) {
            startReading();
        }
    }

    @Override
    public boolean isReading() {
        return state == State.OPEN && !readPaused;
    }

    // ------------------------------------------------------------------------------------------------- writing

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
        if (queue == null && corking) {
            queue = new WriteQueue();   // held until the read event ends; see run()
            corked = true;
        } else if (queue == null) {
            long written;
            try {
                written = data.nioBufferCount() == 1
                        ? channel.write(data.internalNioBuffer(data.readerIndex(), size))
                        : channel.write(data.nioBuffers());
            } catch (IOException e) {
                data.release();
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            io.counters.bytesWritten += written;
            if (written == size) {
                data.release();
                return;
            }
            data.skipBytes((int) written);
            queue = new WriteQueue();
            Watches.writer(loop, channel, this::flush, this);
        }
        queue.add(data);
        if (!writePaused && queue.bytes() > high) {
            pauseProtocol();
        }
    }

    /**
     * Queues the file region behind the writes so far and, when nothing else was queued, sends what the socket
     * takes at once (or, inside a read burst, together with the burst's writes when it ends).
     */
    @Override
    public Future<Long> sendFile(FileChannel file, long position, long count) {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (state == State.OPEN && eofRequested) {
            throw new InvalidStateException("sendFile() after writeEof() on " + this);
        }
        Future<Long> done = FileSends.precheck(this, file, position, count);
        if (done != null) {
            return done;
        }
        done = loop.createFuture();
        boolean idle = queue == null;
        if (idle) {
            queue = new WriteQueue();
        }
        queue.addFile(new FileRegion(file, position, count, done));
        if (idle && corking) {
            corked = true;              // see run()
        } else if (idle) {
            flush();
            if (queue != null && state != State.CLOSED) {
                Watches.writer(loop, channel, this::flush, this);
            }
        }
        return done;
    }

    /** The writer callback: the channel is writable and data (or a file) is queued. */
    private void flush() {
        WriteQueue q = queue;
        if (q == null || state == State.CLOSED) {
            return;
        }
        try {
            io.counters.bytesWritten += q.flush(channel, io.gather);
        } catch (IOException e) {
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        if (writePaused && q.bytes() <= low) {
            resumeProtocol();
        }
        if (queue == q && q.isEmpty()) {   // resumeWriting may have written more, or aborted
            queue = null;
            Watches.removeWriter(loop, channel, this);
            if (state == State.CLOSING) {
                forceClose(null);
            } else if (eofRequested) {
                shutdownOutput();
            }
        }
    }

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
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error shutting down the write side of a socket transport");
            return;
        }
        outputShut = true;
        if (inputShut) {
            close();
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    // ------------------------------------------------------------------------------------------- flow control

    private void pauseProtocol() {
        writePaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable t) {
            protocolFailed("pauseWriting", t);
        }
    }

    private void resumeProtocol() {
        writePaused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable t) {
            protocolFailed("resumeWriting", t);
        }
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks.check(high, low);
        this.high = high;
        this.low = low;
        long size = writeBufferSize();
        if (state == State.CLOSED) {
            return;
        }
        switch (WaterMarks.crossing(writePaused, size, high, low)) {
            case WaterMarks.PAUSE -> pauseProtocol();
            case WaterMarks.RESUME -> resumeProtocol();
            default -> { }
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

    @Override
    public void close() {
        if (loop.isDebug()) {
            IoContext.checkThread(loop);
        }
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        stopReading();
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
        return state != State.OPEN;
    }

    /**
     * The one way out: drops the queue (releasing it), closes the channel now and schedules
     * {@code connectionLost(cause)}. Later calls do nothing.
     */
    private void forceClose(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (queue != null) {
            queue.releaseAll(FileSends.lost(cause, this));
            queue = null;
            Watches.removeWriter(loop, channel, this);
        }
        stopReading();
        try {
            channel.close();
        } catch (IOException e) {
            loop.callExceptionHandler(ErrorContext.of("Error closing a socket", e, this, this, protocol));
        }
        try {
            loop.callSoon(() -> connectionLost(cause));
        } catch (ClosedResourceException e) {
            connectionLost(cause);   // the loop is closed: nothing will run later, tell the protocol now
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
            if (server != null) {
                server.detach(this);
            }
        }
    }

    /** A socket error: reported unless it is a peer reset (then only in debug mode), then force-closed. */
    void fatalError(Throwable e, String message) {
        if (!isPeerReset(e) || loop.isDebug()) {
            loop.callExceptionHandler(ErrorContext.of(message, e, this, this, protocol));
        }
        forceClose(e);
    }

    private void protocolFailed(String method, Throwable t) {
        loop.callExceptionHandler(ErrorContext.of("Exception in protocol." + method + "()", t, this, this,
                protocol));
        forceClose(t);
    }

    static boolean isPeerReset(Throwable e) {
        if (!(e instanceof IOException)) {
            return false;
        }
        String m = e.getMessage();
        return m != null && (m.contains("reset") || m.contains("Broken pipe") || m.contains("aborted"));
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
        if (key == Extra.PEER_ADDRESS) {
            return key.cast(remote);
        } else if (key == Extra.LOCAL_ADDRESS) {
            return key.cast(local);
        } else if (key == Extra.CHANNEL) {
            return key.cast(channel);
        } else if (key == Extra.PEER_CREDENTIALS && unix) {
            try {
                return key.cast(channel.getOption(ExtendedSocketOptions.SO_PEERCRED));
            } catch (IOException | UnsupportedOperationException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder(unix ? "UnixTransport[" : "TcpTransport[");
        if (local != null) {
            sb.append("local=").append(local).append(", ");
        }
        if (remote != null) {
            sb.append("remote=").append(remote).append(", ");
        }
        sb.append("state=").append(state);
        long buffered = writeBufferSize();
        if (buffered > 0) {
            sb.append(", buffered=").append(buffered);
        }
        if (readPaused) {
            sb.append(", reading paused");
        }
        if (writePaused) {
            sb.append(", writing paused");
        }
        if (eofRequested) {
            sb.append(outputShut ? ", eof sent" : ", eof pending");
        }
        if (inputShut) {
            sb.append(", eof received");
        }
        return sb.append(']').toString();
    }
}
