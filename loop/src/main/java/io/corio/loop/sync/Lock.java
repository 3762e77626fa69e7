package io.corio.loop.sync;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;

/**
 * A mutual-exclusion lock for the tasks of one loop ({@code asyncio.Lock}). Loop-confined; see the package
 * documentation for binding and cancellation.
 *
 * <pre>{@code
 * try (var _ = lock.hold()) {
 *     // only one task at a time here, even across awaits
 * }
 * }</pre>
 *
 * <p>Fair: tasks get the lock in the order they started waiting, and {@link #tryAcquire()} never jumps ahead of
 * a waiting task. {@link #release()} hands the lock straight to the first waiter, so the lock stays locked until that
 * task has run and released it. If that task is cancelled before it resumes, it passes the lock on to the next
 * waiter (or unlocks it) before its {@link CancelledException} leaves {@code acquire()}.
 *
 * <p>The lock has no owner: any task or callback of the loop may release it, as in asyncio.
 */
public final class Lock {
    private final LoopBinding binding = new LoopBinding();
    private final WaiterQueue waiters = new WaiterQueue();
    private boolean locked;

    /**
     * Acquires the lock, waiting for it if it is locked. Suspending; a cancellation point when it waits.
     *
     * @throws CancelledException    if the task is cancelled while waiting; the lock is not held then
     * @throws IllegalStateException if not called inside a task
     * @throws InvalidStateException if the lock is bound to another loop
     */
    public void acquire() {
        EventLoop loop = binding.forSuspending(this, "acquire");
        if (!locked) {  // unlocked implies nobody waits: release() hands over while anyone does
            locked = true;
            return;
        }
        waiters.awaitTurn(loop, this::handOver);  // if interrupted after the hand-over, pass it on
    }

    /**
     * Acquires the lock if it is unlocked; never waits. On the loop (a task or a callback).
     *
     * @return true if the caller now holds the lock
     * @throws InvalidStateException if called off the loop the lock is bound to
     */
    public boolean tryAcquire() {
        binding.check(this, "tryAcquire");
        if (locked) {
            return false;
        }
        locked = true;
        return true;
    }

    /**
     * Releases the lock: the first waiting task gets it, or it becomes unlocked. On the loop (a task or a callback).
     *
     * @throws InvalidStateException if the lock is not locked, or if called off the loop the lock is bound to
     */
    public void release() {
        binding.check(this, "release");
        if (!locked) {
            throw new InvalidStateException("release() of a lock that is not locked: " + this);
        }
        handOver();
    }

    /**
     * Acquires the lock like {@link #acquire()} and returns a {@link Held} whose {@code close()} releases it, for
     * try-with-resources. Suspending.
     */
    public Held hold() {
        acquire();
        return new Held(this, this::release);
    }

    /** True if some task holds the lock or has been handed it. Any time, on the loop. */
    public boolean isLocked() {
        return locked;
    }

    private void handOver() {
        if (!waiters.wakeFirst()) {
            locked = false;
        }
    }

    /** For example {@code Lock[locked, waiters=3]} or {@code Lock[unlocked]}. */
    @Override
    public String toString() {
        int n = waiters.size();
        return "Lock[" + (locked ? "locked" : "unlocked") + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
