package io.corio.transports.internal;

import io.corio.loop.EventLoop;
import io.corio.transports.TransportStats;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The transport counters of one loop: plain {@code long} fields that the loop's transports bump on the loop
 * thread (no atomics, no fences: a field increment on an object the transport already holds), and that
 * {@link #snapshot} copies for any thread. A reader on another thread may see values a little stale, never torn
 * (64-bit JVMs write longs whole). Found once per transport, never per read.
 */
public final class LoopCounters {
    private static final Map<EventLoop, LoopCounters> ALL = new WeakHashMap<>();

    /** Stream connections that came up (accepted and connected, TCP and Unix; TLS counts its socket). */
    public long streamsOpened;
    /** Stream connections up now: opened and not yet lost. */
    public long streamsOpen;
    /** Bytes read from stream sockets (ciphertext for TLS). */
    public long bytesRead;
    /** Bytes handed to stream sockets, files sent with sendfile included. */
    public long bytesWritten;
    /** Datagrams received and sent by UDP endpoints, and their payload bytes. */
    public long datagramsReceived;
    public long datagramsSent;
    public long datagramBytesReceived;
    public long datagramBytesSent;

    private LoopCounters() {
    }

    /** The counters of {@code loop}, created on first use. Any thread (the map is guarded). */
    public static LoopCounters of(EventLoop loop) {
        synchronized (ALL) {
            return ALL.computeIfAbsent(loop, l -> new LoopCounters());
        }
    }

    /** A copy of {@code loop}'s counters now; zeros for a loop whose transports never counted. Any thread. */
    public static TransportStats snapshot(EventLoop loop) {
        LoopCounters c;
        synchronized (ALL) {
            c = ALL.get(loop);
        }
        if (c == null) {
            return new TransportStats(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new TransportStats(c.streamsOpened, c.streamsOpen, c.bytesRead, c.bytesWritten,
                c.datagramsReceived, c.datagramsSent, c.datagramBytesReceived, c.datagramBytesSent);
    }
}
