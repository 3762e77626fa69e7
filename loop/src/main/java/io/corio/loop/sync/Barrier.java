package io.corio.loop.sync;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A meeting point for a fixed number of tasks ({@code asyncio.Barrier}): each task calls {@link #await()}, and when
 * the last of {@link #parties()} tasks arrives they all go on. The barrier can then be used again. Loop-confined;
 * see the package documentation.
 *
 * <h2>States</h2>
 * <pre>
 *   FILLING --last party arrives--> DRAINING --last party leaves--> FILLING
 *   FILLING or DRAINING --reset() while parties are inside--> RESETTING --last party leaves--> FILLING
 *   any --abort()--> BROKEN --reset()--> FILLING (or RESETTING while parties are inside)
 * </pre>
 * Tasks that arrive while the barrier drains or resets wait until it is filling again. While it resets, and while it
 * is broken, waiting tasks get {@link BrokenResourceException}; while it is broken, so do tasks that arrive.
 *
 * <p>Cancellation follows asyncio: a task cancelled while it waits for the others leaves the barrier (one party
 * fewer is waiting; the others keep waiting for a full set), and the barrier is not broken. A task cancelled after
 * the barrier tripped but before it resumed gets {@link CancelledException} instead of its index; the others still
 * get theirs.
 */
public final class Barrier {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final LoopBinding binding = new LoopBinding();
    private final WaiterQueue changes = new WaiterQueue();  // tasks waiting for the state to change
    private final int parties;
    private State state = State.FILLING;
    private int count;  // tasks inside await(), from their arrival to their exit

    /**
     * A barrier for {@code parties} tasks.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} tasks are waiting, then returns this task's arrival index, from 0 (the first
     * to arrive) to {@code parties() - 1} (the last, which does not wait). Suspending; a cancellation point.
     *
     * @throws BrokenResourceException if the barrier is broken ({@link #abort()}), or is reset or aborted while
     *                                 this task waits
     * @throws CancelledException      if the task is cancelled while waiting (see the class comment)
     * @throws IllegalStateException   if not called inside a task
     * @throws InvalidStateException   if the barrier is bound to another loop
     */
    public int await() {
        EventLoop loop = binding.forSuspending(this, "await");
        awaitChangeWhile(loop, () -> state == State.DRAINING || state == State.RESETTING);
        if (state == State.BROKEN) {
            throw new BrokenResourceException("barrier aborted: " + this);
        }
        int index = count++;
        try {
            if (index + 1 == parties) {
                state = State.DRAINING;
                changes.wake(Integer.MAX_VALUE);
            } else {
                awaitChangeWhile(loop, () -> state == State.FILLING);
                if (state == State.BROKEN || state == State.RESETTING) {
                    throw new BrokenResourceException("barrier " + (state == State.BROKEN ? "aborted" : "reset")
                            + " while waiting: " + this);
                }
            }
            return index;
        } finally {
            count--;
            if (count == 0) {
                if (state == State.DRAINING || state == State.RESETTING) {
                    state = State.FILLING;
                }
                changes.wake(Integer.MAX_VALUE);
            }
        }
    }

    /**
     * Returns the barrier to its initial, filling state. Tasks waiting in it get {@link BrokenResourceException};
     * until the last of them has left, the barrier is resetting and tasks that arrive wait. Repairs a broken
     * barrier. On the loop (a task or a callback); unlike asyncio's, it does not suspend.
     *
     * @throws InvalidStateException if called off the loop the barrier is bound to
     */
    public void reset() {
        binding.check(this, "reset");
        state = count > 0 ? State.RESETTING : State.FILLING;
        changes.wake(Integer.MAX_VALUE);
    }

    /**
     * Breaks the barrier: waiting tasks, and tasks that arrive until {@link #reset()}, get
     * {@link BrokenResourceException}. For when a party cannot arrive. On the loop (a task or a callback); unlike
     * asyncio's, it does not suspend.
     *
     * @throws InvalidStateException if called off the loop the barrier is bound to
     */
    public void abort() {
        binding.check(this, "abort");
        state = State.BROKEN;
        changes.wake(Integer.MAX_VALUE);
    }

    /** The number of tasks needed to trip the barrier. */
    public int parties() {
        return parties;
    }

    /** The number of tasks waiting for the barrier to fill (0 while it drains, resets or is broken). */
    public int waiting() {
        return state == State.FILLING ? count : 0;
    }

    /** True after {@link #abort()}, until {@link #reset()}. */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    /** Waits, across as many state changes as it takes, until {@code condition} is false. */
    private void awaitChangeWhile(EventLoop loop, BooleanSupplier condition) {
        while (condition.getAsBoolean()) {
            Future<Void> change = changes.enqueue(loop);
            try {
                change.await();
            } finally {
                changes.remove(change);
            }
        }
    }

    /** For example {@code Barrier[filling, waiting=2/3]} or {@code Barrier[broken]}. */
    @Override
    public String toString() {
        String s = state.name().toLowerCase(Locale.ROOT);
        return "Barrier[" + s + (state == State.BROKEN ? "" : ", waiting=" + waiting() + "/" + parties) + "]";
    }
}
