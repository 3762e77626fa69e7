package io.corio.loop;

/**
 * A callback scheduled on an {@link EventLoop} by {@code callSoon}, {@code callSoonThreadsafe} or an I/O
 * registration ({@code addReader}/{@code addWriter}).
 *
 * <p>Handles are loop-confined: cancel them on the loop thread (from another thread, schedule the cancel with
 * {@code callSoonThreadsafe}).
 */
public interface Handle {
    /**
     * Prevents the callback from running if it has not run yet; a no-op after it ran or was cancelled. Drops the
     * reference to the callback so that what it captured can be collected.
     */
    void cancel();

    /** Returns true once {@link #cancel()} has been called. */
    boolean isCancelled();
}
