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
 * What the stream transports of one loop share, so that a connection holds no buffer while idle: one read buffer
 * (reused while protocols do not retain it, so an echo allocates nothing per read) and the array of
 * {@code ByteBuffer}s handed to gathering writes. Loop thread only; found once per connection, never per read.
 *
 * <p>It also holds the loop's {@link LoopCounters}, which socket transports bump on the loop thread.
 *
 * <p>The read buffer is released when the loop's last stream transport is lost and when the loop closes, so a
 * loop without connections holds no pooled memory and the leak detector never sees it collected unreleased.
 */
public final class IoContext {
    /** The most buffers handed to one gathering write (Linux IOV_MAX is 1024; more rarely pays). */
    static final int MAX_GATHER = 64;

    private static final Map<EventLoop, IoContext> CONTEXTS = new WeakHashMap<>();

    public final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    public final LoopCounters counters;
    private ByteBuf readBuffer;
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
                    b.addCloseHook(context::releaseReadBuffer);
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
            releaseReadBuffer();
        }
    }

    /** Also when the loop closes with transports still open (their pending callbacks are dropped then). */
    private void releaseReadBuffer() {
        if (readBuffer != null) {
            readBuffer.release();
            readBuffer = null;
        }
    }

    /** The shared read buffer, cleared, with at least {@code size} writable bytes. */
    public ByteBuf readBuffer(int size) {
        ByteBuf buf = readBuffer;
        if (buf == null || buf.capacity() < size) {
            if (buf != null) {
                buf.release();
            }
            buf = Buffers.allocator().directBuffer(size);
            readBuffer = buf;
        }
        return buf.clear();
    }

    /**
     * Takes the read buffer back after {@code dataReceived}: kept for the next read if the protocol let go of it,
     * otherwise our reference is released and the protocol keeps the buffer alone.
     */
    public void readDone(ByteBuf buf) {
        int refs = buf.refCnt();
        if (refs != 1) {
            if (readBuffer == buf) {
                readBuffer = null;
            }
            if (refs > 1) {
                buf.release();
            }
        }
    }
}
