package io.corio.protocols.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Building wire frames from a payload and a few framing bytes. A small payload is copied next to the framing
 * bytes into one buffer (one write, one segment); a large one is wrapped, not copied, in a composite buffer that
 * the transport writes with a gathering write.
 */
public final class Frames {
    /** Payloads up to this size are copied; larger ones are wrapped. */
    static final int COPY_THRESHOLD = 4096;

    private Frames() {
    }

    /** {@code payload} then {@code trailer}; consumes {@code payload}. */
    public static ByteBuf append(ByteBufAllocator allocator, ByteBuf payload, byte trailer) {
        int length = payload.readableBytes();
        try {
            if (length <= COPY_THRESHOLD) {
                return allocator.directBuffer(length + 1).writeBytes(payload).writeByte(trailer);
            }
            ByteBuf tail = allocator.directBuffer(1).writeByte(trailer);
            return join(allocator, payload.retain(), tail);
        } finally {
            payload.release();
        }
    }

    /** A 4-byte big-endian length then {@code payload}; consumes {@code payload}. */
    public static ByteBuf prefixLength(ByteBufAllocator allocator, ByteBuf payload) {
        int length = payload.readableBytes();
        try {
            if (length <= COPY_THRESHOLD) {
                return allocator.directBuffer(length + 4).writeInt(length).writeBytes(payload);
            }
            ByteBuf head = allocator.directBuffer(4).writeInt(length);
            return join(allocator, head, payload.retain());
        } finally {
            payload.release();
        }
    }

    private static ByteBuf join(ByteBufAllocator allocator, ByteBuf first, ByteBuf second) {
        CompositeByteBuf composite = allocator.compositeDirectBuffer(2);
        return composite.addComponents(true, first, second);
    }
}
