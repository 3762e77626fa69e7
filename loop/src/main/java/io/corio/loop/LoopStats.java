package io.corio.loop;

/**
 * Counters of one loop since it was created, read with {@link EventLoop#stats()}. A snapshot: values do not
 * change after it is taken. Read from any thread; the figures may be a few iterations old when read from a
 * thread other than the loop's.
 *
 * @param iterations    loop iterations ({@code runOnce} calls)
 * @param callbacks     callbacks and coroutine steps run
 * @param slowCallbacks callbacks and steps that ran longer than the slow-callback duration (debug mode only)
 * @param pendingTasks  tasks created on the loop and not yet done
 */
public record LoopStats(long iterations, long callbacks, long slowCallbacks, int pendingTasks) {
}
