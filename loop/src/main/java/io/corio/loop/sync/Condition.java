package io.corio.loop.sync;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for the tasks of one loop ({@code asyncio.Condition}): tasks holding its {@link Lock} wait
 * in {@link #await()} until another task signals them. Loop-confined; see the package documentation.
 *
 * <pre>{@code
 * try (var _ = ready.hold()) {
 *     ready.awaitUntil(() -> !items.isEmpty());
 *     return items.removeFirst();
 * }
 * }</pre>
 *
 * <p>The lock methods ({@link #acquire()}, {@link #tryAcquire()}, {@link #release()}, {@link #isLocked()},
 * {@link #hold()}) delegate to the lock. The signalling methods are {@link #signal()}, {@link #signal(int)} and
 * {@link #signalAll()} ({@code notify} and {@code notifyAll} are final methods of {@code Object} in Java).
 *
 * <p>Waiting tasks are signalled in the order they started waiting. A task that is cancelled while it waits still
 * takes the lock back before its {@link CancelledException} leaves {@code await()}, so its {@code finally} blocks
 * and the enclosing {@code hold()} run with the lock held; if it had already been signalled, the signal goes to the
 * next waiting task instead of being lost.
 */
public final class Condition {
    private final LoopBinding binding = new LoopBinding();
    private final WaiterQueue waiters = new WaiterQueue();
    private final Lock lock;

    /** A condition with a new lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition on {@code lock}, which other conditions and code may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** The condition's lock. */
    public Lock lock() {
        return lock;
    }

    /** {@link Lock#acquire()} on the condition's lock. Suspending. */
    public void acquire() {
        lock.acquire();
    }

    /** {@link Lock#tryAcquire()} on the condition's lock. */
    public boolean tryAcquire() {
        return lock.tryAcquire();
    }

    /** {@link Lock#release()} on the condition's lock. */
    public void release() {
        lock.release();
    }

    /** {@link Lock#isLocked()} on the condition's lock. */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /** {@link Lock#hold()} on the condition's lock. Suspending. */
    public Held hold() {
        return lock.hold();
    }

    /**
     * Releases the lock, waits until signalled, then acquires the lock again and returns. Suspending; a
     * cancellation point. The caller must hold the lock; it holds it again when this returns or throws.
     *
     * @throws CancelledException    if the task is cancelled while waiting for the signal or for the lock; the lock
     *                               is held again all the same
     * @throws InvalidStateException if the lock is not held, or the condition is bound to another loop
     * @throws IllegalStateException if not called inside a task
     */
    public void await() {
        EventLoop loop = binding.forSuspending(this, "await");
        requireLocked("Condition.await()");
        Future<Void> signal = waiters.enqueue(loop);
        lock.release();
        try {
            signal.await();
        } catch (Throwable interrupted) {
            waiters.remove(signal);
            reacquire(interrupted);
            if (WaiterQueue.wasWoken(signal)) {
                waiters.wakeFirst();  // signalled, but this task will not act on it: pass it on
            }
            throw interrupted;
        }
        try {
            lock.acquire();
        } catch (Throwable interrupted) {
            reacquire(interrupted);
            waiters.wakeFirst();  // signalled, but this task will not act on it: pass it on
            throw interrupted;
        }
    }

    /**
     * Waits ({@link #await()}) until {@code predicate} is true; returns at once if it already is. The predicate is
     * evaluated with the lock held. Suspending; the caller must hold the lock.
     *
     * @throws InvalidStateException if the lock is not held, or the condition is bound to another loop
     * @throws IllegalStateException if not called inside a task
     */
    public void awaitUntil(BooleanSupplier predicate) {
        binding.forSuspending(this, "awaitUntil");
        requireLocked("Condition.awaitUntil()");
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /** Wakes the first waiting task, if any. The caller must hold the lock; see {@link #signal(int)}. */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes the first {@code n} waiting tasks (all of them if fewer wait). Each returns from {@link #await()} once
     * it has the lock again, so the caller should release the lock soon. On the loop; the caller must hold the lock.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws InvalidStateException    if the lock is not held, or if called off the loop the condition is bound to
     */
    public void signal(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot signal a negative number of tasks: " + n);
        }
        binding.check(this, "signal");
        requireLocked("Condition.signal()");
        waiters.wake(n);
    }

    /** Wakes every waiting task. The caller must hold the lock; see {@link #signal(int)}. */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void requireLocked(String operation) {
        if (!lock.isLocked()) {
            throw new InvalidStateException(operation + " requires the lock to be held: " + this);
        }
    }

    /** Takes the lock back after {@code interrupted} ended a wait, whatever else interrupts this task meanwhile. */
    private void reacquire(Throwable interrupted) {
        while (true) {
            try {
                lock.acquire();
                return;
            } catch (Exception again) {
                // Only an interruption (a cancellation, a task group's failure) can end acquire() here, since this
                // task just used the lock on this loop; each one is delivered once, so trying again terminates.
                if (again != interrupted) {
                    interrupted.addSuppressed(again);
                }
            }
        }
    }

    /** For example {@code Condition[locked, waiters=2]}. */
    @Override
    public String toString() {
        int n = waiters.size();
        return "Condition[" + (lock.isLocked() ? "locked" : "unlocked") + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
