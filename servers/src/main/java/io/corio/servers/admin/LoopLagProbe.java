package io.corio.servers.admin;

import io.corio.loop.EventLoop;
import io.corio.loop.TimerHandle;
import java.time.Duration;

/**
 * Measures how late one loop runs its timers: every {@code interval} a timer is scheduled, and when it fires the
 * difference between the time it was due and the loop's clock is the lag (what a slow callback or a burst of work
 * adds to every timer and every ready callback). Exposes the last lag and the maximum over the current and the
 * previous window of {@code window} length, so a scrape every window sees every spike once or twice.
 *
 * <p>Every method may be called from any thread: {@link #start} and {@link #stop} hand their work to the probed
 * loop with {@code callSoonThreadsafe}, and the readers read volatile fields.
 */
public final class LoopLagProbe {
    private final EventLoop loop;
    private final long intervalNanos;
    private final long windowNanos;
    private TimerHandle timer;
    private volatile boolean stopped;
    private long windowStart;
    private volatile long lastNanos;
    private volatile long currentMaxNanos;
    private volatile long previousMaxNanos;
    private volatile long samples;

    private LoopLagProbe(EventLoop loop, Duration interval, Duration window) {
        if (interval.isNegative() || interval.isZero() || window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("need 0 < interval <= window, got " + interval + " and " + window);
        }
        this.loop = loop;
        this.intervalNanos = interval.toNanos();
        this.windowNanos = window.toNanos();
    }

    /** Starts probing {@code loop} every {@code interval} (250 ms is a good default), with maxima over {@code window}. */
    public static LoopLagProbe start(EventLoop loop, Duration interval, Duration window) {
        var probe = new LoopLagProbe(loop, interval, window);
        loop.callSoonThreadsafe(() -> {
            if (!probe.stopped) {
                probe.windowStart = loop.time();
                probe.schedule();
            }
        });
        return probe;
    }

    /** {@link #start} every 250 ms with a 10 s window. */
    public static LoopLagProbe start(EventLoop loop) {
        return start(loop, Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    private void schedule() {
        long due = loop.time() + intervalNanos;
        timer = loop.callAt(due, () -> fired(due));
    }

    private void fired(long due) {
        long now = loop.time();
        record(Math.max(0, now - due), now);
        if (!stopped) {
            schedule();
        }
    }

    private void record(long lag, long now) {
        if (now - windowStart >= windowNanos) {
            previousMaxNanos = now - windowStart >= 2 * windowNanos ? 0 : currentMaxNanos;
            currentMaxNanos = 0;
            windowStart = now;
        }
        lastNanos = lag;
        if (lag > currentMaxNanos) {
            currentMaxNanos = lag;
        }
        samples++;
    }

    /** Stops probing (a closed loop has stopped it already). Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!loop.isClosed()) {
            loop.callSoonThreadsafe(() -> {
                if (timer != null) {
                    timer.cancel();
                    timer = null;
                }
            });
        }
    }

    public EventLoop loop() {
        return loop;
    }

    /** The lag measured by the last probe, in seconds (0 before the first). Any thread. */
    public double lastSeconds() {
        return lastNanos / 1e9;
    }

    /** The largest lag in the current and the previous window, in seconds. Any thread. */
    public double maxSeconds() {
        return Math.max(currentMaxNanos, previousMaxNanos) / 1e9;
    }

    /** Probes that fired so far. Any thread. */
    public long samples() {
        return samples;
    }

    @Override
    public String toString() {
        return "LoopLagProbe[last=" + lastNanos / 1000 + " µs, max=" + (long) (maxSeconds() * 1e6) + " µs]";
    }
}
