package io.corio.transports.internal.stream;

import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes a stream transport accepted and the socket did not take yet: a ring of owned {@code ByteBuf}s (no
 * copy) flushed with gathering writes, and the file regions of {@code sendFile} in their place between them.
 * Created when a write does not complete and dropped once empty, so an idle connection has none. Loop thread only.
 *
 * <p>A file region does not sit in the ring: it remembers how many buffers had been added before it, and the
 * flush stops its gathering writes there, sends the region with {@code transferTo} (sendfile(2)), then goes on.
 * The ring's hot path stays as it was for connections that never send a file.
 *
 * <p>Memory follows the bytes counted: a buffer that holds more than twice its readable bytes (a 64 KiB read
 * buffer retained for a few bytes, as an echo does) is copied into a small buffer of the queue's own, and later
 * small writes are appended there while it has room. Without that, a peer that sends single bytes and never reads
 * pinned one whole read buffer per byte below the high-water mark (up to 4 GiB per connection at 64 KiB).
 */
public final class WriteQueue {
    private ByteBuf[] bufs = new ByteBuf[8];
    private int head;
    private int count;
    private long bytes;
    private long added;                 // buffers ever added: the positions file regions refer to
    private ArrayDeque<FileRegion> files; // null until the first sendFile
    private ByteBuf compact;            // the last buffer when it is one of the queue's own copies, else null

    /** The least capacity of the queue's own copies, so that runs of tiny writes share one. */
    static final int COMPACT_MIN = 256;

    /** Bytes of buffers queued; file regions do not count (they hold no memory; see docs/transports.md). */
    public long bytes() {
        return bytes;
    }

    public boolean isEmpty() {
        return count == 0 && (files == null || files.isEmpty());
    }

    /** Queues {@code region} after every buffer added so far. */
    void addFile(FileRegion region) {
        if (files == null) {
            files = new ArrayDeque<>(2);
        }
        region.after = added;
        files.add(region);
        compact = null; // later writes go after the region, never into a buffer before it
    }

    /** Takes ownership of {@code buf} (readable, not empty); copies it if it holds far more than its bytes. */
    public void add(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (heldCapacity(buf) > 2L * Math.max(readable, COMPACT_MIN)) {
            if (compact != null && compact.writableBytes() >= readable) {
                compact.writeBytes(buf);
                buf.release();
                bytes += readable;
                return;
            }
            ByteBuf copy = Buffers.allocator().directBuffer(Math.max(readable, COMPACT_MIN)).writeBytes(buf);
            buf.release();
            append(copy);
            compact = copy;
            return;
        }
        append(buf);
        compact = null;
    }

    /** The capacity of the memory {@code buf} keeps alive: its root buffer's for a slice or duplicate. */
    private static int heldCapacity(ByteBuf buf) {
        ByteBuf root = buf;
        for (ByteBuf parent = root.unwrap(); parent != null; parent = parent.unwrap()) {
            root = parent;
        }
        return root.capacity();
    }

    private void append(ByteBuf buf) {
        if (count == bufs.length) {
            grow();
        }
        bufs[(head + count) & (bufs.length - 1)] = buf;
        count++;
        added++;
        bytes += buf.readableBytes();
    }

    private void grow() {
        var bigger = new ByteBuf[bufs.length * 2];
        for (int i = 0; i < count; i++) {
            bigger[i] = bufs[(head + i) & (bufs.length - 1)];
        }
        bufs = bigger;
        head = 0;
    }

    /**
     * Writes as much as the channel takes, in one gathering write of up to {@link IoContext#MAX_GATHER} buffers,
     * repeated while the channel keeps taking everything offered, and file regions in their turn. Releases each
     * buffer written out and completes each file region sent; {@link #isEmpty()} tells whether anything is left.
     *
     * @return the bytes written (buffers and files), for the loop's counters
     */
    public long flush(GatheringByteChannel channel, ByteBuffer[] gather) throws IOException {
        long total = 0;
        while (true) {
            int before = buffersBeforeFile();
            if (before == 0) {
                FileRegion region = files == null ? null : files.peek();
                if (region == null) {
                    return total;
                }
                long sent = region.transferTo(channel);
                total += sent;
                if (region.remaining() > 0) {
                    return total;
                }
                files.poll();
                region.complete();
                continue;
            }
            int n = 0;
            long offered = 0;
            for (int i = 0; i < before && n < gather.length; i++) {
                ByteBuf buf = bufs[(head + i) & (bufs.length - 1)];
                int parts = buf.nioBufferCount();
                if (parts == 1) {
                    gather[n++] = buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes());
                } else if (n + parts <= gather.length) {
                    for (ByteBuffer part : buf.nioBuffers()) {
                        gather[n++] = part;
                    }
                } else {
                    break;
                }
                offered += buf.readableBytes();
            }
            if (n == 0) {
                // a composite buffer with more parts than one gathering write takes
                gather[n++] = bufs[head].nioBuffer();
                offered = gather[0].remaining();
            }
            long written;
            try {
                written = n == 1 ? channel.write(gather[0]) : channel.write(gather, 0, n);
            } finally {
                java.util.Arrays.fill(gather, 0, n, null);
            }
            consume(written);
            total += written;
            if (written < offered) {
                return total;
            }
        }
    }

    /** How many buffers the flush may write before the next file region: all of them when there is none. */
    private int buffersBeforeFile() {
        FileRegion region = files == null ? null : files.peek();
        if (region == null) {
            return count;
        }
        return (int) (region.after - (added - count));
    }

    /** Drops {@code written} bytes from the front, releasing the buffers fully written. */
    private void consume(long written) {
        bytes -= written;
        while (written > 0) {
            ByteBuf buf = bufs[head];
            int readable = buf.readableBytes();
            if (written < readable) {
                buf.skipBytes((int) written);
                return;
            }
            written -= readable;
            bufs[head] = null;
            head = (head + 1) & (bufs.length - 1);
            count--;
            if (buf == compact) {
                compact = null;
            }
            buf.release();
        }
    }

    /**
     * Releases every queued buffer and fails every file region with {@code cause} (abort, fatal error); the queue
     * is empty afterwards. The files themselves stay open: they belong to the caller.
     */
    public void releaseAll(Throwable cause) {
        if (files != null) {
            FileRegion region;
            while ((region = files.poll()) != null) {
                region.fail(cause);
            }
        }
        while (count > 0) {
            ByteBuf buf = bufs[head];
            bufs[head] = null;
            head = (head + 1) & (bufs.length - 1);
            count--;
            buf.release();
        }
        bytes = 0;
        compact = null;
    }

    @Override
    public String toString() {
        return "WriteQueue[buffers=" + count + ", bytes=" + bytes
                + (files == null || files.isEmpty() ? "" : ", files=" + files.size()) + "]";
    }
}
