package io.corio.transports.internal.stream;

import io.corio.loop.EventLoop;
import io.corio.loop.internal.BaseEventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.internal.LoopCounters;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the stream transports of one loop share, so that a connection holds no buffer while idle: a few read
 * buffers (reused once protocols and write queues let go of them, so an echo allocates nothing per read) and the array of
 * {@code ByteBuffer}s handed to gathering writes. Loop thread only; found once per connection, never per read.
 *
 * <p>It also holds the loop's {@link LoopCounters}, which socket transports bump on the loop thread.
 *
 * <p>The read buffers are released when the loop's last stream transport is lost and when the loop closes, so a
 * loop without connections holds no pooled memory and the leak detector never sees it collected unreleased.
 */
public final class IoContext {
    /** The most buffers handed to one gathering write (Linux IOV_MAX is 1024; more rarely pays). */
    static final int MAX_GATHER = 64;
    /** Read buffers a loop keeps: enough for a burst of full reads whose writes wait for the burst to end. */
    static final int READ_BUFFERS = 4;

    private static final Map<EventLoop, IoContext> CONTEXTS = new WeakHashMap<>();

    public final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    public final LoopCounters counters;
    /**
     * The loop's read buffers, least recently used first. Each holds a reference of ours; one is reused once
     * every other holder has let go of it, so reads land in memory that is still in the CPU's cache (a buffer
     * fresh from the pool's per-thread cache is the one freed longest ago).
     */
    private final ByteBuf[] ring = new ByteBuf[READ_BUFFERS];
    private int readBuffers;
    private int transports;

    private IoContext(LoopCounters counters) {
        this.counters = counters;
    }

    /** The context of {@code loop}, created on first use. Any thread (the map is guarded). */
    public static IoContext of(EventLoop loop) {
        synchronized (CONTEXTS) {
            return CONTEXTS.computeIfAbsent(loop, l -> {
                var context = new IoContext(LoopCounters.of(l));
                if (l instanceof BaseEventLoop b) {
                    b.addCloseHook(context::releaseReadBuffers);
                }
                return context;
            });
        }
    }

    /** Throws {@link WrongThreadException} off {@code loop}'s thread; call only {@code if (loop.isDebug())}. */
    public static void checkThread(EventLoop loop) {
        if (loop instanceof BaseEventLoop b) {
            b.checkThread();
        }
    }

    public void transportOpened() {
        transports++;
        counters.streamsOpened++;
        counters.streamsOpen++;
    }

    /** Called after a transport's {@code connectionLost}, never while a read uses the buffer. */
    public void transportLost() {
        counters.streamsOpen--;
        if (--transports == 0) {
            releaseReadBuffers();
        }
    }

    /** Also when the loop closes with transports still open (their pending callbacks are dropped then). */
    private void releaseReadBuffers() {
        for (int i = 0; i < readBuffers; i++) {
            if (ring[i].refCnt() > 0) {
                ring[i].release();
            }
            ring[i] = null;
        }
        readBuffers = 0;
    }

    /**
     * A read buffer, cleared, with at least {@code size} writable bytes: the most recently used one that nobody
     * else holds any more (a write queue or a protocol may still hold the others), else a new one.
     */
    public ByteBuf readBuffer(int size) {
        for (int i = readBuffers - 1; i >= 0; i--) {
            ByteBuf buf = ring[i];
            if (buf.refCnt() == 1) {
                if (buf.capacity() < size) {
                    buf.release();
                    remove(i);
                    continue;
                }
                if (i != readBuffers - 1) {
                    remove(i);
                    ring[readBuffers++] = buf;
                }
                return buf.clear();
            }
        }
        if (readBuffers == ring.length) {
            ring[0].release();   // held elsewhere for a while: its other holders keep it alone
            remove(0);
        }
        ByteBuf buf = Buffers.allocator().directBuffer(size);
        ring[readBuffers++] = buf;
        return buf;
    }

    /** After {@code dataReceived}: forgets a buffer the protocol released one time too many (a protocol bug). */
    public void readDone(ByteBuf buf) {
        if (buf.refCnt() == 0) {
            for (int i = readBuffers - 1; i >= 0; i--) {
                if (ring[i] == buf) {
                    remove(i);
                    return;
                }
            }
        }
    }

    private void remove(int index) {
        System.arraycopy(ring, index + 1, ring, index, readBuffers - index - 1);
        ring[--readBuffers] = null;
    }
}
