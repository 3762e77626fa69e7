package io.corio.loop.sync;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;

/**
 * A counter of permits for the tasks of one loop ({@code asyncio.Semaphore}): {@link #acquire()} takes a permit,
 * waiting while there is none, and {@link #release()} returns one. Loop-confined; see the package documentation.
 *
 * <pre>{@code
 * var connections = new Semaphore(10);
 * try (var _ = connections.hold()) {
 *     return fetch(url);   // at most ten tasks at a time get here
 * }
 * }</pre>
 *
 * <p>Fair (as asyncio 3.12): waiting tasks get permits in the order they started waiting, and no task takes a free
 * permit ahead of a waiting one. {@link #release()} hands its permit straight to the first waiting task; if that task
 * is cancelled before it resumes, it passes the permit on (or returns it) before its {@link CancelledException}
 * leaves {@code acquire()}, so permits are never lost.
 *
 * <p>Permits are not owned: any task or callback of the loop may release, and releasing more than was acquired
 * raises the count (see {@link BoundedSemaphore} for a semaphore that refuses that).
 */
public class Semaphore {
    private final LoopBinding binding = new LoopBinding();
    private final WaiterQueue waiters = new WaiterQueue();
    private int available;

    /**
     * A semaphore with {@code permits} permits available.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        this.available = permits;
    }

    /**
     * Takes a permit, waiting for one if none is available. Suspending; a cancellation point when it waits.
     *
     * @throws CancelledException    if the task is cancelled while waiting; it holds no permit then
     * @throws IllegalStateException if not called inside a task
     * @throws InvalidStateException if the semaphore is bound to another loop
     */
    public void acquire() {
        EventLoop loop = binding.forSuspending(this, "acquire");
        if (available > 0) {  // a free permit implies nobody waits: release() hands permits to waiters first
            available--;
            return;
        }
        waiters.awaitTurn(loop, this::handOver);  // if interrupted after the hand-over, pass it on
    }

    /**
     * Takes a permit if one is available; never waits. On the loop (a task or a callback).
     *
     * @return true if the caller now holds a permit
     * @throws InvalidStateException if called off the loop the semaphore is bound to
     */
    public boolean tryAcquire() {
        binding.check(this, "tryAcquire");
        if (available == 0) {
            return false;
        }
        available--;
        return true;
    }

    /**
     * Returns a permit: the first waiting task gets it, or it becomes available. On the loop (a task or a callback).
     *
     * @throws InvalidStateException if called off the loop the semaphore is bound to (and, for a
     *                               {@link BoundedSemaphore}, if no permit is out)
     */
    public void release() {
        binding.check(this, "release");
        handOver();
    }

    /**
     * Takes a permit like {@link #acquire()} and returns a {@link Held} whose {@code close()} releases it, for
     * try-with-resources. Suspending.
     */
    public Held hold() {
        acquire();
        return new Held(this, this::release);
    }

    /** The number of permits that {@link #tryAcquire()} could take now. */
    public int available() {
        return available;
    }

    /** True if no permit is available, so that {@link #acquire()} would wait. */
    public boolean isLocked() {
        return available == 0;
    }

    private void handOver() {
        if (!waiters.wakeFirst()) {
            if (available == Integer.MAX_VALUE) {
                throw new InvalidStateException("too many permits released: " + this);
            }
            available++;
        }
    }

    /** For example {@code Semaphore[available=0, waiters=3]}. */
    @Override
    public String toString() {
        int n = waiters.size();
        return getClass().getSimpleName() + "[available=" + describeAvailable() + (n > 0 ? ", waiters=" + n : "")
                + "]";
    }

    String describeAvailable() {
        return Integer.toString(available);
    }
}
