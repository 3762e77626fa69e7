package io.corio.transports.internal.subprocess;

import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child's stdout or stderr: a daemon thread reads the pipe in chunks of up to 64 KiB into pooled buffers and
 * queues them for the loop, which hands them to the protocol. The thread waits while the queued bytes reach
 * {@link #HIGH} or the protocol paused reading, so a fast child blocks on its full kernel pipe instead of being
 * buffered here. Chunks live only in the queue (never in a posted lambda), so a loop that closes with chunks
 * queued releases them all.
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
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    // guarded by lock
    private long queued;
    private boolean paused;
    private boolean closed;
    private boolean ended;
    private boolean scheduled;
    private Throwable error;
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
        t.start();
    }

    // ------------------------------------------------------------------------------------- reader thread

    @Override
    public void run() {
        Throwable failure = null;
        try {
            while (waitForRoom()) {
                ByteBuf chunk = Buffers.allocator().heapBuffer(CHUNK);
                int n;
                try {
                    n = chunk.writeBytes(in, CHUNK);
                } catch (IOException | RuntimeException e) {
                    chunk.release();
                    throw e;
                }
                if (n < 0) {
                    chunk.release();
                    break;
                }
                if (n > 0) {
                    offer(chunk, n);
                } else {
                    chunk.release();
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
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

    private boolean waitForRoom() throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (paused || queued >= HIGH)) {
                room.await();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    private void offer(ByteBuf chunk, int n) {
        boolean post;
        lock.lock();
        try {
            if (closed) {
                chunk.release();
                return;
            }
            chunks.add(chunk);
            queued += n;
            post = !scheduled;
            scheduled = true;
        } finally {
            lock.unlock();
        }
        if (post) {
            Spawner.post(owner.loop(), this::deliver, this::discard);
        }
    }

    private void finish(Throwable failure) {
        boolean post;
        lock.lock();
        try {
            ended = true;
            if (!closed) {
                error = failure;
            }
            post = !scheduled;
            scheduled = true;
        } finally {
            lock.unlock();
        }
        if (post) {
            Spawner.post(owner.loop(), this::deliver, this::discard);
        }
    }

    // ---------------------------------------------------------------------------------------- loop thread

    /** Hands queued chunks to the protocol while reading is not paused; reports the end once all went out. */
    private void deliver() {
        while (true) {
            ByteBuf chunk;
            boolean done;
            Throwable failure;
            lock.lock();
            try {
                if (paused || closed) {
                    scheduled = false;
                    return;
                }
                chunk = chunks.poll();
                done = chunk == null && ended;
                failure = error;
                if (chunk == null) {
                    scheduled = false;
                }
            } finally {
                lock.unlock();
            }
            if (chunk == null) {
                if (done) {
                    report(failure);
                }
                return;
            }
            int n = chunk.readableBytes();
            try {
                owner.pipeData(fd, chunk);
            } finally {
                chunk.release();
                consumed(n);
            }
        }
    }

    private void consumed(int n) {
        lock.lock();
        try {
            queued -= n;
            room.signal();
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            closed = true;
            ByteBuf b;
            while ((b = chunks.poll()) != null) {
                b.release();
            }
            queued = 0;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The loop closed (close hook): release everything, report nothing. */
    void loopClosed() {
        reported = true;
        discard();
    }

    // ------------------------------------------------------------------------------------------ transport

    @Override
    public void pauseReading() {
        lock.lock();
        try {
            paused = !closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        boolean post;
        lock.lock();
        try {
            if (!paused) {
                return;
            }
            paused = false;
            room.signal();
            post = !scheduled && (!chunks.isEmpty() || ended);
            scheduled |= post;
        } finally {
            lock.unlock();
        }
        if (post) {
            owner.loop().callSoon(this::deliver);
        }
    }

    @Override
    public boolean isReading() {
        lock.lock();
        try {
            return !paused && !closed;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            return closed || reported;
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            return "ReadPipe[pid=" + owner.pid() + ", fd=" + fd + ", queued=" + queued
                    + (paused ? ", paused" : "") + (ended ? ", ended" : "") + (closed ? ", closed" : "") + "]";
        } finally {
            lock.unlock();
        }
    }
}
