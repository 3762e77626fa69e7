package io.corio.protocols.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The accumulation buffer of a reading protocol, as static helpers over a nullable {@code ByteBuf} field (null
 * while nothing is buffered, so an idle connection holds no buffer). Bytes handed out as retained slices stay
 * valid: the buffer is compacted in place only while this side holds its only reference, and otherwise replaced.
 */
public final class Cumulation {
    private Cumulation() {
    }

    /**
     * Appends the readable bytes of {@code data} (borrowed, not moved) and returns the cumulation. When nothing is
     * buffered and the transport holds the only reference to {@code data}, {@code data} itself is retained and
     * becomes the cumulation: no copy.
     */
    public static ByteBuf append(ByteBuf cumulation, ByteBuf data, ByteBufAllocator allocator) {
        int length = data.readableBytes();
        if ((cumulation == null || !cumulation.isReadable()) && data.refCnt() == 1 && !data.isReadOnly()) {
            if (cumulation != null) {
                cumulation.release();
            }
            return data.retain();
        }
        ByteBuf target = writable(cumulation, length, allocator);
        target.writeBytes(data, data.readerIndex(), length);
        return target;
    }

    /** Returns {@code cumulation}, or a replacement holding its readable bytes, with {@code need} writable bytes. */
    public static ByteBuf writable(ByteBuf cumulation, int need, ByteBufAllocator allocator) {
        if (cumulation == null) {
            return allocator.directBuffer(need);
        }
        if (cumulation.writableBytes() >= need) {
            return cumulation;
        }
        int readable = cumulation.readableBytes();
        if (cumulation.refCnt() == 1 && cumulation.capacity() - readable >= need) {
            cumulation.discardReadBytes(); // no slice shares it: moving the bytes is safe
            return cumulation;
        }
        int capacity = allocator.calculateNewCapacity(readable + need, Integer.MAX_VALUE);
        ByteBuf next = allocator.directBuffer(capacity);
        next.writeBytes(cumulation, cumulation.readerIndex(), readable);
        cumulation.release();
        return next;
    }

    /** Releases {@code cumulation} if nothing is left to read in it; returns what the field should hold. */
    public static ByteBuf releaseIfEmpty(ByteBuf cumulation) {
        if (cumulation != null && !cumulation.isReadable()) {
            cumulation.release();
            return null;
        }
        return cumulation;
    }

    /** Releases {@code cumulation} if not null; returns null for the field. */
    public static ByteBuf release(ByteBuf cumulation) {
        if (cumulation != null) {
            cumulation.release();
        }
        return null;
    }
}
