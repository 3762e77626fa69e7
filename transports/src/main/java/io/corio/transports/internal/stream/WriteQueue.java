package io.corio.transports.internal.stream;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The bytes a stream transport accepted and the socket did not take yet: a ring of owned {@code ByteBuf}s (no
 * copy) flushed with gathering writes. Created when a write does not complete and dropped once empty, so an idle
 * connection has none. Loop thread only.
 */
final class WriteQueue {
    private ByteBuf[] bufs = new ByteBuf[8];
    private int head;
    private int count;
    private long bytes;

    /** Bytes queued. */
    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Takes ownership of {@code buf} (readable, not empty). */
    void add(ByteBuf buf) {
        if (count == bufs.length) {
            grow();
        }
        bufs[(head + count) & (bufs.length - 1)] = buf;
        count++;
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
     * repeated while the channel keeps taking everything offered. Releases each buffer written out.
     *
     * @return true when the queue is empty afterwards
     */
    boolean flush(GatheringByteChannel channel, ByteBuffer[] gather) throws IOException {
        while (count > 0) {
            int n = 0;
            long offered = 0;
            for (int i = 0; i < count && n < gather.length; i++) {
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
            if (written < offered) {
                return count == 0;
            }
        }
        return true;
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
            buf.release();
        }
    }

    /** Releases every queued buffer (abort, fatal error); the queue is empty afterwards. */
    void releaseAll() {
        while (count > 0) {
            ByteBuf buf = bufs[head];
            bufs[head] = null;
            head = (head + 1) & (bufs.length - 1);
            count--;
            buf.release();
        }
        bytes = 0;
    }

    @Override
    public String toString() {
        return "WriteQueue[buffers=" + count + ", bytes=" + bytes + "]";
    }
}
