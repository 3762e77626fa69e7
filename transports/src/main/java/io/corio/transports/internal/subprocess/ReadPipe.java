package io.corio.transports.internal.subprocess;

import io.corio.loop.EventLoop;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A child's stdout or stderr: a daemon thread reads the pipe in chunks of up to 64 KiB, copies each into a
 * right-sized unpooled heap buffer and queues it for the loop, which hands them to the protocol. The thread waits while the queued bytes reach
 * {@link #HIGH} or the protocol paused reading, so a fast child blocks on its full kernel pipe instead of being
 * buffered here. Chunks live only in the queue (never in a posted lambda), so a loop that closes with chunks
 * queued releases them all.
 *
 * <p>Unpooled, because this thread must not touch the pooled allocator: the loop thread frees what the protocol
 * is done with, and a coroutine queued on an arena lock that this thread holds can only run on the loop thread,
 * which would then block on that lock too (seen as a deadlock under load).
 *
 * <p>A platform thread, not a virtual one: the JDK reads a pipe with a blocking read(2) that holds a virtual
 * thread's carrier, and 400 such reads would exhaust the scheduler that Corio's coroutines share.
 */
final class ReadPipe implements Transport, Runnable {
    static final int CHUNK = 64 * 1024;
    static final int HIGH = 128 * 1024;

    private final ChildTransport owner;
    private final int fd;
    private final InputStream in;
    // Lock-free on purpose: coroutines call pauseReading/resumeReading, and a coroutine parked on a lock can only
    // resume on the loop thread, which would deadlock if the loop thread then waited for the same lock.
    private final ConcurrentLinkedQueue<ByteBuf> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile boolean ended;
    private volatile Throwable error;
    private volatile Thread thread;
    // loop thread only
    private boolean reported;

    ReadPipe(ChildTransport owner, int fd, InputStream in) {
        this.owner = owner;
        this.fd = fd;
        this.in = in;
    }

    void start() {
        Thread t = new Thread(null, this, "corio-pipe-" + owner.pid() + "-" + fd, 256 * 1024);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    // ------------------------------------------------------------------------------------- reader thread

    @Override
    public void run() {
        Throwable failure = null;
        try {
            byte[] scratch = new byte[CHUNK];
            while (waitForRoom()) {
                int n = in.read(scratch);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    offer(Unpooled.wrappedBuffer(Arrays.copyOf(scratch, n)), n);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // the pipe is done either way
            }
        }
        finish(failure);
    }

    private boolean waitForRoom() {
        while (!closed && (paused || queued.get() >= HIGH)) {
            LockSupport.park(this);
        }
        return !closed;
    }

    private void offer(ByteBuf chunk, int n) {
        if (closed) {
            chunk.release();
            return;
        }
        queued.addAndGet(n);
        chunks.add(chunk);
        schedule();
    }

    private void finish(Throwable failure) {
        if (!closed) {
            error = failure;
        }
        ended = true;
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            Spawner.post(owner.loop(), this::deliver, this::discard);
        }
    }

    // ---------------------------------------------------------------------------------------- loop thread

    /** Hands queued chunks to the protocol while reading is not paused; reports the end once all went out. */
    private void deliver() {
        scheduled.set(false);
        while (!paused && !closed) {
            ByteBuf chunk = chunks.poll();
            if (chunk == null) {
                if (ended && chunks.isEmpty()) {
                    report(error);
                }
                return;
            }
            int n = chunk.readableBytes();
            try {
                owner.pipeData(fd, chunk);
            } finally {
                chunk.release();
                queued.addAndGet(-n);
                LockSupport.unpark(thread);
            }
        }
    }

    private void report(Throwable failure) {
        if (!reported) {
            reported = true;
            owner.pipeEnded(fd, failure);
        }
    }

    /** Stops delivering: drops queued chunks and lets the thread end at its next read. */
    private void discard() {
        closed = true;
        ByteBuf b;
        while ((b = chunks.poll()) != null) {
            b.release();
        }
        queued.set(0);
        LockSupport.unpark(thread);
    }

    /** The loop closed (close hook): release everything, report nothing. */
    void loopClosed() {
        reported = true;
        discard();
    }

    // ------------------------------------------------------------------------------------------ transport

    @Override
    public void pauseReading() {
        paused = !closed;
    }

    @Override
    public void resumeReading() {
        if (!paused) {
            return;
        }
        paused = false;
        LockSupport.unpark(thread);
        if ((!chunks.isEmpty() || ended) && scheduled.compareAndSet(false, true)) {
            owner.loop().callSoon(this::deliver);
        }
    }

    @Override
    public boolean isReading() {
        return !paused && !closed;
    }

    /** Stops reading now (queued bytes are dropped); {@code pipeConnectionLost(fd, null)} follows. Idempotent. */
    @Override
    public void close() {
        if (reported) {
            return;
        }
        discard();
        owner.loop().callSoon(() -> report(null));
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return closed || reported;
    }

    @Override
    public void write(ByteBuf data) {
        data.release();
        throw new UnsupportedOperationException("pipe " + fd + " of a child is read-only");
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("pipe " + fd + " of a child is read-only");
    }

    @Override
    public boolean canWriteEof() {
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
    public void setWriteBufferLimits(int high, int low) {
        throw new UnsupportedOperationException("pipe " + fd + " of a child is read-only");
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

    @Override
    public <T> T extra(Extra<T> key) {
        return null;
    }

    @Override
    public String toString() {
        return "ReadPipe[pid=" + owner.pid() + ", fd=" + fd + ", queued=" + queued
                + (paused ? ", paused" : "") + (ended ? ", ended" : "") + (closed ? ", closed" : "") + "]";
    }
}
