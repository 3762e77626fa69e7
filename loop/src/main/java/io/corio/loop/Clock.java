package io.corio.loop;

/**
 * The only source of time for a loop. The system clock reads {@code System.nanoTime()}; tests use
 * {@link io.corio.loop.testing.ManualClock}, which moves only when told to.
 */
@FunctionalInterface
public interface Clock {
    /**
     * Returns the current time in nanoseconds. Monotonic: never decreases. Only differences are meaningful.
     * Called on the loop thread, at least once per loop iteration.
     */
    long nanoTime();

    /** The real monotonic clock ({@code System.nanoTime()}), which loops use by default. */
    static Clock system() {
        return io.corio.loop.internal.SystemClock.INSTANCE;
    }
}
