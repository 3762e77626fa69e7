package io.corio.loop.sync;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;

/**
 * A flag that tasks can wait for ({@code asyncio.Event}): {@link #set()} wakes every waiting task, and tasks that
 * call {@link #await()} while it is set return at once, until {@link #clear()}. Starts unset. Loop-confined; see
 * the package documentation.
 */
public final class Event {
    private final LoopBinding binding = new LoopBinding();
    private final WaiterQueue waiters = new WaiterQueue();
    private boolean set;

    /**
     * Sets the flag and wakes every waiting task. Waking is final: a task woken here returns from {@link #await()}
     * even if the flag is cleared before it resumes. No effect if already set. On the loop (a task or a callback).
     *
     * @throws InvalidStateException if called off the loop the event is bound to
     */
    public void set() {
        binding.check(this, "set");
        if (!set) {
            set = true;
            waiters.wake(Integer.MAX_VALUE);
        }
    }

    /**
     * Clears the flag, so that later {@link #await()} calls wait again. On the loop (a task or a callback).
     *
     * @throws InvalidStateException if called off the loop the event is bound to
     */
    public void clear() {
        binding.check(this, "clear");
        set = false;
    }

    /** True while the flag is set. */
    public boolean isSet() {
        return set;
    }

    /**
     * Returns at once if the flag is set, else waits until {@link #set()} is called. Suspending; a cancellation
     * point when it waits.
     *
     * @throws CancelledException    if the task is cancelled while waiting (even if the event was set meanwhile)
     * @throws IllegalStateException if not called inside a task
     * @throws InvalidStateException if the event is bound to another loop
     */
    public void await() {
        EventLoop loop = binding.forSuspending(this, "await");
        if (set) {
            return;
        }
        Future<Void> signal = waiters.enqueue(loop);
        try {
            signal.await();
        } finally {
            waiters.remove(signal);
        }
    }

    /** For example {@code Event[set]} or {@code Event[unset, waiters=2]}. */
    @Override
    public String toString() {
        int n = waiters.size();
        return "Event[" + (set ? "set" : "unset") + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
