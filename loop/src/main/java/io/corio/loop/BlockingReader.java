package io.corio.loop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads a source that Java cannot select (a file, a TTY, {@code System.in}, a {@link Process}'s output) on a
 * helper virtual thread and hands the bytes to a {@link Handler} on the loop: the answer to "addReader for a
 * descriptor {@code epoll} cannot watch". Chunks are {@code byte[]} of at most {@code chunkSize} bytes, delivered
 * in order with {@link EventLoop#callSoonThreadsafe}.
 *
 * <h2>Backpressure</h2>
 * At most one chunk waits on the loop: the thread reads the next chunk, then waits until the loop has delivered
 * the previous one and the reader is not {@linkplain #pause() paused}. Memory is therefore bounded by two chunks,
 * and a paused consumer stops the thread reading, so a child process writing into the pipe blocks once the
 * kernel's pipe buffer is full.
 *
 * <h2>End</h2>
 * Exactly one of {@link Handler#eofReceived()} and {@link Handler#readFailed} is called, once, after every chunk,
 * unless {@link #stop()} came first: after {@code stop()} returns (on the loop thread) no callback runs. The
 * reader owns the source: it closes it at the end, and {@code stop()} closes it to unblock a pending read (a
 * blocked read on a TTY or pipe may return only then, or when data comes; the thread then exits). Closing the loop
 * ends the reader too: the thread notices within 200 ms, closes the source and exits.
 *
 * <p>{@link #pause()}, {@link #resume()} and {@link #stop()} may be called from any thread; the handler runs on
 * the loop thread.
 */
public final class BlockingReader implements AutoCloseable {
    /** The default chunk size, 64 KiB. */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** How often a waiting reader thread checks whether its loop was closed. */
    private static final long CLOSED_LOOP_CHECK_MILLIS = 200;

    /** What the loop is told. Called on the loop thread; an exception thrown here stops the reader. */
    public interface Handler {
        /** A chunk (never empty), owned by the handler from now on. */
        void dataReceived(byte[] chunk);

        /** The source ended; called once, after the last chunk. */
        void eofReceived();

        /** Reading failed with {@code cause}; called once instead of {@link #eofReceived()}. */
        void readFailed(Throwable cause);
    }

    /** One read into {@code buf}, returning the bytes read or -1 at the end. */
    private interface Source extends AutoCloseable {
        int read(byte[] buf) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final EventLoop loop;
    private final Handler handler;
    private final Source source;
    private final int chunkSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition canSend = lock.newCondition();
    private final AtomicLong bytesRead = new AtomicLong();
    private final Thread thread;
    private boolean inFlight;   // guarded by lock: a chunk or the end is queued on the loop
    private boolean paused;     // guarded by lock
    private volatile boolean stopped;

    private BlockingReader(EventLoop loop, Source source, Handler handler, int chunkSize, String name) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, got " + chunkSize);
        }
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        this.loop = loop;
        this.source = source;
        this.handler = handler;
        this.chunkSize = chunkSize;
        this.thread = Thread.ofVirtual().name("corio-blocking-reader:" + name).unstarted(this::readAll);
    }

    /**
     * Starts reading {@code in} with chunks of {@link #DEFAULT_CHUNK_SIZE}.
     *
     * @throws ClosedResourceException if the loop is closed
     */
    public static BlockingReader start(EventLoop loop, InputStream in, Handler handler) {
        return start(loop, in, handler, DEFAULT_CHUNK_SIZE);
    }

    /** Starts reading {@code in} in chunks of at most {@code chunkSize} bytes. */
    public static BlockingReader start(EventLoop loop, InputStream in, Handler handler, int chunkSize) {
        Source source = new Source() {
            @Override
            public int read(byte[] buf) throws IOException {
                return in.read(buf, 0, buf.length);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
        return start(new BlockingReader(loop, source, handler, chunkSize, in.getClass().getSimpleName()));
    }

    /**
     * Starts reading a blocking {@code channel} (a {@code FileChannel}, {@code Channels.newChannel(...)}).
     *
     * @throws IllegalArgumentException if the channel is a non-blocking selectable channel: watch that one with
     *                                  {@link EventLoop#addReader} instead
     */
    public static BlockingReader start(EventLoop loop, ReadableByteChannel channel, Handler handler, int chunkSize) {
        if (channel instanceof SelectableChannel s && !s.isBlocking()) {
            throw new IllegalArgumentException("channel is non-blocking: watch it with EventLoop.addReader: "
                    + channel);
        }
        Source source = new Source() {
            @Override
            public int read(byte[] buf) throws IOException {
                return channel.read(ByteBuffer.wrap(buf));
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
        return start(new BlockingReader(loop, source, handler, chunkSize, channel.getClass().getSimpleName()));
    }

    private static BlockingReader start(BlockingReader reader) {
        if (reader.loop.isClosed()) {
            throw new ClosedResourceException("the loop is closed");
        }
        reader.thread.start();
        return reader;
    }

    // ---------------------------------------------------------------------------------------------- control

    /** Stops handing chunks to the loop (the thread stops reading once it holds one chunk). Any thread. */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Undoes {@link #pause()}. Any thread. */
    public void resume() {
        lock.lock();
        try {
            paused = false;
            canSend.signal();
        } finally {
            lock.unlock();
        }
    }

    /** True between {@link #pause()} and {@link #resume()}. */
    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops reading and closes the source; idempotent. Called on the loop thread, no handler method runs after
     * it returns; from another thread, one already queued may still run.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        lock.lock();
        try {
            canSend.signal();
        } finally {
            lock.unlock();
        }
        thread.interrupt();
        closeSource();
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Bytes read from the source so far (some may still wait for delivery). Any thread. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** True once the thread ended (after the end was delivered, a failure, or {@link #stop()}). */
    public boolean isDone() {
        return !thread.isAlive();
    }

    /**
     * Waits up to {@code timeout} for the helper thread to end; returns true if it did. Any thread but the loop's
     * (the end may need the loop to deliver).
     */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    // -------------------------------------------------------------------------------------- the helper thread

    private void readAll() {
        byte[] buf = new byte[chunkSize];
        try {
            while (!stopped) {
                int n = source.read(buf);
                if (n < 0) {
                    send(this::deliverEof);
                    return;
                }
                if (n > 0) {
                    bytesRead.addAndGet(n);
                    byte[] chunk = Arrays.copyOf(buf, n);
                    if (!send(() -> deliver(chunk))) {
                        return;
                    }
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            if (!stopped) {
                send(() -> deliverFailure(e));
            }
        } finally {
            closeSource();
        }
    }

    /** Waits for the loop to take the previous chunk and for {@link #resume()}, then queues {@code step}. */
    private boolean send(Runnable step) {
        lock.lock();
        try {
            while (!stopped && (inFlight || paused)) {
                if (loop.isClosed()) {
                    stopped = true;   // the queued chunk was dropped with the loop: nobody will give credit
                } else {
                    awaitCredit();
                }
            }
            if (stopped) {
                return false;
            }
            inFlight = true;
        } finally {
            lock.unlock();
        }
        try {
            loop.callSoonThreadsafe(step);
            return true;
        } catch (ClosedResourceException e) {
            stopped = true;
            return false;
        }
    }

    /** Waits for credit, waking now and then to notice a loop that was closed meanwhile. */
    private void awaitCredit() {
        try {
            canSend.await(CLOSED_LOOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // stop() interrupts; the loop condition reads stopped
        }
    }

    private void deliver(byte[] chunk) {
        if (stopped) {
            return;
        }
        try {
            handler.dataReceived(chunk);
        } catch (Throwable t) {
            handlerFailed("dataReceived", t);
            return;
        }
        lock.lock();
        try {
            inFlight = false;
            canSend.signal();
        } finally {
            lock.unlock();
        }
    }

    private void deliverEof() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            handler.eofReceived();
        } catch (Throwable t) {
            handlerFailed("eofReceived", t);
        }
    }

    private void deliverFailure(Throwable cause) {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            handler.readFailed(cause);
        } catch (Throwable t) {
            handlerFailed("readFailed", t);
        }
    }

    private void handlerFailed(String method, Throwable t) {
        loop.callExceptionHandler(ErrorContext.of("Exception in BlockingReader.Handler." + method + "()", t, this));
        stop();
    }

    private void closeSource() {
        try {
            source.close();
        } catch (IOException e) {
            // the reader is ending anyway; a failed close of a read-only source loses nothing
        }
    }

    @Override
    public String toString() {
        return "BlockingReader[" + thread.getName() + ", read=" + bytesRead.get() + (stopped ? ", stopped" : "")
                + ']';
    }
}
