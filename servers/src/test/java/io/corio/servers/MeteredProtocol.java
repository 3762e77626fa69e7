package io.corio.servers;

import io.corio.loop.TimerHandle;
import io.corio.transports.Buffers;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;

/**
 * Wraps the protocol of one server connection and samples what the server holds for it, on the loop, after every
 * read and every 2 ms: the transport's write buffer ({@code writeBufferSize()}, exact) and the growth of the pooled
 * allocator's direct memory since the connection came (exact to one pool chunk, 4 MiB). Readable from any thread.
 */
public final class MeteredProtocol implements Protocol {
    private final Protocol inner;
    private final long poolBefore = pooledDirectMemory();
    private Transport transport;
    private TimerHandle timer;
    private volatile long maxBuffered;
    private volatile long maxPoolGrowth;
    private volatile long received;

    public MeteredProtocol(Protocol inner) {
        this.inner = inner;
    }

    /** Pooled direct memory in use, all threads. */
    public static long pooledDirectMemory() {
        return ((PooledByteBufAllocator) Buffers.allocator()).metric().usedDirectMemory();
    }

    /** The largest write buffer seen, in bytes. */
    public long maxBuffered() {
        return maxBuffered;
    }

    /** The largest growth of the pool's direct memory seen while this connection was open. */
    public long maxPoolGrowth() {
        return maxPoolGrowth;
    }

    /** Bytes the server read from this connection. */
    public long received() {
        return received;
    }

    private void sample() {
        maxBuffered = Math.max(maxBuffered, transport.writeBufferSize());
        maxPoolGrowth = Math.max(maxPoolGrowth, pooledDirectMemory() - poolBefore);
    }

    private void tick() {
        sample();
        timer = transport.loop().callLater(Duration.ofMillis(2), this::tick);
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        inner.connectionMade(t);
        tick();
    }

    @Override
    public void dataReceived(ByteBuf data) {
        received += data.readableBytes();
        inner.dataReceived(data);
        sample();
    }

    @Override
    public boolean eofReceived() {
        return inner.eofReceived();
    }

    @Override
    public void pauseWriting() {
        inner.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        inner.resumeWriting();
    }

    @Override
    public void connectionLost(Throwable cause) {
        timer.cancel();
        inner.connectionLost(cause);
    }

    @Override
    public String toString() {
        return "MeteredProtocol[maxBuffered=" + maxBuffered + ", maxPoolGrowth=" + maxPoolGrowth + ", " + inner + "]";
    }
}
