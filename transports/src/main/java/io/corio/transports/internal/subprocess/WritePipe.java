package io.corio.transports.internal.subprocess;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.WaterMarks;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A child's stdin: {@code write} queues buffers (never blocks), a daemon thread, started at the first write, writes
 * them to the pipe and tells the loop how many bytes went out; the water marks drive the protocol's
 * {@code pauseWriting}/{@code resumeWriting} from the bytes accepted and not yet written. A child that does not
 * read leaves its thread blocked in write(2) and the protocol paused; a child that closed its stdin makes the write
 * fail (EPIPE, the JVM ignores SIGPIPE), reported as {@code pipeConnectionLost(0, BrokenResourceException)}.
 */
final class WritePipe implements Transport, Runnable {
    private final ChildTransport owner;
    private final OutputStream out;
    // Lock-free on purpose (see ReadPipe): coroutines write, and a coroutine parked on a lock would deadlock the loop.
    private final ConcurrentLinkedQueue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ByteBuf> done = new ConcurrentLinkedQueue<>(); // written, released on the loop
    private final AtomicBoolean releaseScheduled = new AtomicBoolean();
    private volatile boolean eofQueued;
    private volatile boolean dropped;
    // loop thread only
    private long buffered;
    private int high = 64 * 1024;
    private int low = 16 * 1024;
    private boolean writingPaused;
    private boolean eofRequested;
    private boolean lost;
    private volatile Thread thread;

    WritePipe(ChildTransport owner, OutputStream out) {
        this.owner = owner;
        this.out = out;
    }

    // ---------------------------------------------------------------------------------------- loop thread

    @Override
    public void write(ByteBuf data) {
        if (eofRequested && !lost) {
            data.release();
            throw new InvalidStateException("write after writeEof on the stdin of " + owner.pid());
        }
        int n = data.readableBytes();
        if (lost || n == 0) {
            data.release(); // dropped after close or loss, as asyncio drops writes
            return;
        }
        buffered += n;
        queue.add(data);
        ensureThread();
        LockSupport.unpark(thread);
        if (!writingPaused && buffered > high) {
            writingPaused = true;
            owner.pauseWriting();
        }
    }

    @Override
    public void writeEof() {
        if (eofRequested || lost) {
            return;
        }
        eofRequested = true;
        eofQueued = true;
        ensureThread();
        LockSupport.unpark(thread);
    }

    @Override
    public void close() {
        writeEof();
    }

    /** Drops queued bytes; {@code pipeConnectionLost(0, null)} follows. The thread ends after its current write. */
    @Override
    public void abort() {
        if (lost) {
            return;
        }
        drop();
        if (thread == null) {
            closeQuietly();
        }
        owner.loop().callSoon(() -> ended(null));
    }

    /** The child ended: bytes still queued can never be written, which is reported as a broken pipe. */
    void childExited() {
        if (lost) {
            return;
        }
        long unwritten = buffered;
        drop();
        if (thread == null) {
            closeQuietly();
        }
        Throwable cause = unwritten == 0 ? null : new BrokenResourceException("the child " + owner.pid()
                + " ended with " + unwritten + " bytes of its stdin unwritten");
        owner.loop().callSoon(() -> ended(cause));
    }

    private void drop() {
        dropped = true;
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
        LockSupport.unpark(thread);
    }

    private void ensureThread() {
        if (thread == null) {
            thread = new Thread(null, this, "corio-pipe-" + owner.pid() + "-0", 256 * 1024);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void written(int n) {
        if (lost) {
            return;
        }
        buffered -= n;
        if (writingPaused && buffered <= low && !lost) {
            writingPaused = false;
            owner.resumeWriting();
        }
    }

    private void ended(Throwable cause) {
        if (lost) {
            return;
        }
        lost = true;
        buffered = 0;
        drop();
        owner.pipeEnded(0, cause);
    }

    /** The loop closed: release what is queued; the thread ends. */
    void loopClosed() {
        lost = true;
        drop();
        releaseDone();
        if (thread == null) {
            closeQuietly();
        }
    }

    // -------------------------------------------------------------------------------------- writer thread

    @Override
    public void run() {
        Throwable failure = null;
        byte[] scratch = new byte[64 * 1024];
        try {
            while (true) {
                ByteBuf next;
                while ((next = queue.poll()) == null && !eofQueued && !dropped) {
                    LockSupport.park(this);
                }
                if (dropped) {
                    if (next != null) {
                        finished(next);
                    }
                    break;
                }
                if (next == null) { // eof and nothing left
                    break;
                }
                try {
                    copyOut(next, scratch);
                } finally {
                    finished(next);
                }
            }
        } catch (IOException e) {
            failure = new BrokenResourceException("the child " + owner.pid() + " closed its stdin: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            closeQuietly();
        }
        Throwable cause = failure;
        Spawner.post(owner.loop(), () -> ended(cause), this::drop);
    }

    /**
     * Hands a written buffer back to the loop, which releases it: this thread must not touch the pooled allocator
     * (see {@code ReadPipe}). Kept in a queue, not a lambda, so that a loop closing meanwhile releases it.
     */
    private void finished(ByteBuf buffer) {
        done.add(buffer);
        if (releaseScheduled.compareAndSet(false, true)) {
            Spawner.post(owner.loop(), this::releaseWritten, this::releaseDone);
        }
    }

    private void releaseWritten() {
        releaseScheduled.set(false);
        ByteBuf b;
        while ((b = done.poll()) != null) {
            int n = b.readableBytes();
            b.release();
            written(n);
        }
    }

    private void releaseDone() {
        ByteBuf b;
        while ((b = done.poll()) != null) {
            b.release();
        }
    }

    /** Writes the readable bytes of {@code data} (not moving its indexes) through {@code scratch}, no allocation. */
    private void copyOut(ByteBuf data, byte[] scratch) throws IOException {
        int index = data.readerIndex();
        int end = data.writerIndex();
        while (index < end) {
            int len = Math.min(scratch.length, end - index);
            data.getBytes(index, scratch, 0, len);
            out.write(scratch, 0, len);
            index += len;
        }
        out.flush();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // a broken pipe has nothing left to flush
        }
    }

    // ------------------------------------------------------------------------------------------ transport

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void pauseReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public Protocol protocol() {
        throw new UnsupportedOperationException("a pipe of a child reports to its SubprocessProtocol");
    }

    @Override
    public void setProtocol(Protocol protocol) {
        throw new UnsupportedOperationException("a pipe of a child reports to its SubprocessProtocol");
    }

    @Override
    public EventLoop loop() {
        return owner.loop();
    }

    @Override
    public boolean isClosing() {
        return eofRequested || lost;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks.check(high, low);
        this.high = high;
        this.low = low;
        int crossing = WaterMarks.crossing(writingPaused, buffered, high, low);
        if (crossing == WaterMarks.PAUSE && !lost) {
            writingPaused = true;
            owner.pauseWriting();
        } else if (crossing == WaterMarks.RESUME) {
            writingPaused = false;
            owner.resumeWriting();
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
        return buffered;
    }

    @Override
    public <T> T extra(Extra<T> key) {
        return null;
    }

    @Override
    public String toString() {
        return "WritePipe[pid=" + owner.pid() + ", buffered=" + buffered + (writingPaused ? ", paused" : "")
                + (eofRequested ? ", eof" : "") + (lost ? ", lost" : "") + "]";
    }
}
