package io.corio.transports;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** The allocator every Corio transport reads into, and small helpers around it. Any thread. */
public final class Buffers {
    private static final int CACHE_LINE = 64;

    /**
     * Direct buffers start on a 64-byte cache line when Netty may use {@code sun.misc.Unsafe} (the JVM flag
     * {@code --sun-misc-unsafe-memory-access=allow}, which {@code bin/corio} and {@code bin/test} pass). Netty's
     * default pool puts every buffer 16 bytes past a line (malloc's header), and the kernel's copies into and out
     * of such buffers cost up to twice as much: on 100 KiB echo the receive copy took 12.8 µs per request into an
     * unaligned buffer and 7 µs into an aligned one (docs/performance-transports.md). Without the flag Netty
     * cannot align, and the default pool serves.
     */
    private static final ByteBufAllocator ALLOCATOR = createAllocator();

    private Buffers() {
    }

    /** Netty's pooled allocator (direct buffers preferred); share it rather than creating allocators. */
    public static ByteBufAllocator allocator() {
        return ALLOCATOR;
    }

    /** Whether {@link #allocator()} hands out cache-line aligned direct buffers (see the JVM flag above). */
    public static boolean aligned() {
        return ALLOCATOR != PooledByteBufAllocator.DEFAULT;
    }

    /** A pooled direct buffer holding {@code text} in UTF-8; the caller owns it. */
    public static ByteBuf utf8(CharSequence text) {
        return io.netty.buffer.ByteBufUtil.writeUtf8(ALLOCATOR, text);
    }

    /** A pooled direct buffer holding a copy of {@code bytes}; the caller owns it. */
    public static ByteBuf copyOf(byte[] bytes) {
        return ALLOCATOR.directBuffer(bytes.length).writeBytes(bytes);
    }

    private static ByteBufAllocator createAllocator() {
        if (!PooledByteBufAllocator.isDirectMemoryCacheAlignmentSupported()) {
            return PooledByteBufAllocator.DEFAULT;
        }
        return new PooledByteBufAllocator(true, PooledByteBufAllocator.defaultNumHeapArena(),
                PooledByteBufAllocator.defaultNumDirectArena(), PooledByteBufAllocator.defaultPageSize(),
                PooledByteBufAllocator.defaultMaxOrder(), PooledByteBufAllocator.defaultSmallCacheSize(),
                PooledByteBufAllocator.defaultNormalCacheSize(), PooledByteBufAllocator.defaultUseCacheForAllThreads(),
                CACHE_LINE);
    }

    /** The readable bytes of {@code buf} decoded as UTF-8, without moving its indexes or releasing it. */
    public static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
