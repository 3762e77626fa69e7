package io.corio.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** The allocator every Corio transport reads into, and small helpers around it. Any thread. */
public final class Buffers {
    private static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private Buffers() {
    }

    /** Netty's pooled allocator (direct buffers preferred); share it rather than creating allocators. */
    public static ByteBufAllocator allocator() {
        return ALLOCATOR;
    }

    /** A pooled direct buffer holding {@code text} in UTF-8; the caller owns it. */
    public static ByteBuf utf8(CharSequence text) {
        return io.netty.buffer.ByteBufUtil.writeUtf8(ALLOCATOR, text);
    }

    /** A pooled direct buffer holding a copy of {@code bytes}; the caller owns it. */
    public static ByteBuf copyOf(byte[] bytes) {
        return ALLOCATOR.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** The readable bytes of {@code buf} decoded as UTF-8, without moving its indexes or releasing it. */
    public static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
