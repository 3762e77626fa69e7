package io.corio.loop;

/**
 * A callback scheduled for a point in loop time by {@link EventLoop#callLater} or {@link EventLoop#callAt}.
 * Timers due at the same time run in the order they were scheduled.
 */
public interface TimerHandle extends Handle {
    /** The loop time, in nanoseconds of {@link EventLoop#time()}, at which the callback is due. */
    long when();
}
