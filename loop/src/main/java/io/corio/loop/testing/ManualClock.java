package io.corio.loop.testing;

import io.corio.loop.Clock;

import java.time.Duration;

/**
 * A clock that moves only when told to: the time source of {@link TestLoop}. Starts at 0. Thread-safe for reads;
 * move it from one thread at a time (normally the loop's, through {@link TestLoop#advance}).
 */
public final class ManualClock implements Clock {
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves the clock forward by {@code delta}. */
    public void advance(Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: " + delta);
        }
        now = Math.addExact(now, delta.toNanos());
    }

    /** Sets the clock to {@code nanos}, which must not be earlier than now. */
    public void set(long nanos) {
        if (nanos < now) {
            throw new IllegalArgumentException("a clock cannot go back: " + nanos + " < " + now);
        }
        now = nanos;
    }

    @Override
    public String toString() {
        return "ManualClock[" + Duration.ofNanos(now) + "]";
    }
}
