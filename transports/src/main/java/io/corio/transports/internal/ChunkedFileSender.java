package io.corio.transports.internal;

import io.corio.loop.Future;
import io.corio.transports.Buffers;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * {@code sendFile} for transports that cannot hand a file to the kernel (TLS must encrypt it, the memory transport
 * has no kernel): the file is read in chunks of {@link #CHUNK} bytes into pooled buffers and written below, one
 * chunk at a time while the transport's write buffer is at or below its high-water mark; above it, the sender waits
 * for {@link #resumed()}. At most the high mark plus one chunk is ever in memory, never the whole file.
 *
 * <p>Writes made while a file is being sent must keep their place after it: the owning transport routes
 * {@code write} here while {@link #isBusy()}, and they are passed below once the files before them are. The owner
 * also calls {@link #resumed()} when its write buffer drained after a pause, {@link #lost} when the connection
 * went away, and delays its graceful close until {@code whenIdle} runs. Loop thread only.
 */
public final class ChunkedFileSender {
    /** The size of one read from the file. */
    public static final int CHUNK = 64 * 1024;
    /** Bytes sent per loop turn at most while the layer below keeps taking them, so other connections get a turn. */
    static final int MAX_PER_TURN = 16 * CHUNK;

    private final Transport owner;
    private final Consumer<ByteBuf> below;
    private final Runnable whenIdle;
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4); // FileJob or ByteBuf, in write order
    private boolean pumping;
    private boolean scheduled;

    private static final class FileJob {
        final FileChannel file;
        final long count;
        final Future<Long> done;
        long position;
        long remaining;

        FileJob(FileChannel file, long position, long count, Future<Long> done) {
            this.file = file;
            this.position = position;
            this.count = count;
            this.remaining = count;
            this.done = done;
        }
    }

    /**
     * @param owner    the transport whose water marks pace the sender
     * @param below    where chunks and held writes go (the owner's own write path, bypassing the sender)
     * @param whenIdle run each time the last queued file and write went below
     */
    public ChunkedFileSender(Transport owner, Consumer<ByteBuf> below, Runnable whenIdle) {
        this.owner = owner;
        this.below = below;
        this.whenIdle = whenIdle;
    }

    /** True while a file (or a write queued behind one) has not gone below yet. */
    public boolean isBusy() {
        return !queue.isEmpty();
    }

    /** Queues the file region (already checked by {@link FileSends#precheck}) and starts sending. */
    public Future<Long> send(FileChannel file, long position, long count) {
        Future<Long> done = owner.loop().createFuture();
        queue.add(new FileJob(file, position, count, done));
        pump();
        return done;
    }

    /** Holds {@code data} behind the queued files; call only while {@link #isBusy()}. Takes ownership. */
    public void write(ByteBuf data) {
        queue.add(data);
    }

    /** The owner's write buffer fell to its low-water mark after being above the high one. */
    public void resumed() {
        if (!queue.isEmpty()) {
            pump();
        }
    }

    /** The connection is gone: releases the held writes and fails the files with {@code cause}. */
    public void lost(Throwable cause) {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof ByteBuf buf) {
                buf.release();
            } else if (!((FileJob) item).done.isDone()) {
                ((FileJob) item).done.setException(FileSends.lost(cause, owner));
            }
        }
    }

    private void pump() {
        if (pumping) {
            return; // re-entered from below (a synchronous flush that resumed us): the loop below goes on
        }
        pumping = true;
        try {
            long budget = MAX_PER_TURN;
            Object head;
            while ((head = queue.peek()) != null) {
                if (head instanceof ByteBuf buf) {
                    queue.poll();
                    below.accept(buf);
                    continue;
                }
                FileJob job = (FileJob) head;
                if (job.remaining == 0) {
                    queue.poll();
                    job.done.setResult(job.count);
                    continue;
                }
                if (owner.writeBufferSize() > owner.writeBufferHigh()) {
                    return; // resumed() continues
                }
                if (budget <= 0) {
                    scheduleNextTurn();
                    return;
                }
                ByteBuf chunk;
                try {
                    chunk = read(job);
                } catch (IOException e) {
                    queue.poll();
                    job.done.setException(e);
                    owner.abort(); // the peer got part of the file: what follows would be misread
                    return;
                }
                budget -= chunk.readableBytes();
                below.accept(chunk);
            }
        } finally {
            pumping = false;
        }
        whenIdle.run();
    }

    private void scheduleNextTurn() {
        if (!scheduled) {
            scheduled = true;
            owner.loop().callSoon(() -> {
                scheduled = false;
                if (!queue.isEmpty()) {
                    pump();
                }
            });
        }
    }

    /** The next chunk of {@code job}'s region in a pooled buffer that the caller owns. */
    private static ByteBuf read(FileJob job) throws IOException {
        int size = (int) Math.min(CHUNK, job.remaining);
        ByteBuf chunk = Buffers.allocator().directBuffer(size);
        try {
            var target = chunk.internalNioBuffer(0, size);   // its position is an offset in pooled memory
            int start = target.position();
            while (target.hasRemaining()) {
                int done = target.position() - start;
                if (job.file.read(target, job.position + done) < 0) {
                    throw new EOFException("the file ended at byte " + (job.position + done)
                            + " while sendFile still had " + (job.remaining - done) + " of its " + job.count
                            + " bytes to send");
                }
            }
        } catch (IOException | RuntimeException e) {
            chunk.release();
            throw e;
        }
        chunk.writerIndex(size);
        job.position += size;
        job.remaining -= size;
        return chunk;
    }

    @Override
    public String toString() {
        return "ChunkedFileSender[queued=" + queue.size() + "]";
    }
}
