package io.corio.loop.sync;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;

import java.util.LinkedHashSet;

/**
 * Suspended tasks in arrival order, each represented by the future it awaits. A future is a wake-up signal: it is
 * completed (with null) at most once, and leaves the queue when it is completed; a waiter that gives up removes its
 * own future. Cancelled futures stay until their task resumes and removes them, and are skipped meanwhile.
 * Loop-confined.
 */
final class WaiterQueue {
    private final LinkedHashSet<Future<Void>> waiters = new LinkedHashSet<>();

    /** Enqueues a new pending future on {@code loop}, for the caller to await. */
    Future<Void> enqueue(EventLoop loop) {
        Future<Void> signal = loop.createFuture();
        waiters.add(signal);
        return signal;
    }

    /**
     * Suspends the calling task until it is woken ({@link #wakeFirst}). If the task is interrupted (cancelled, or a
     * task group's failure) after it was woken, it will not use what it was woken for: {@code passOn} gives that to
     * someone else before the exception leaves. If it was not woken yet, it just leaves the queue.
     */
    void awaitTurn(EventLoop loop, Runnable passOn) {
        Future<Void> turn = enqueue(loop);
        try {
            turn.await();
        } catch (Throwable interrupted) {
            if (wasWoken(turn)) {
                passOn.run();
            } else {
                remove(turn);
            }
            throw interrupted;
        }
    }

    /** Removes {@code signal} if it is still queued (its task gave up). */
    void remove(Future<Void> signal) {
        waiters.remove(signal);
    }

    /** Completes the first pending future and dequeues it; false if no task is waiting. */
    boolean wakeFirst() {
        while (!waiters.isEmpty()) {
            Future<Void> first = waiters.removeFirst();
            if (!first.isDone()) {
                first.setResult(null);
                return true;
            }
        }
        return false;
    }

    /** Completes up to {@code n} pending futures in order; returns how many. */
    int wake(int n) {
        int woken = 0;
        while (woken < n && wakeFirst()) {
            woken++;
        }
        return woken;
    }

    /** The number of tasks waiting (cancelled ones that have not resumed yet are not counted). */
    int size() {
        int n = 0;
        for (Future<Void> w : waiters) {
            if (!w.isDone()) {
                n++;
            }
        }
        return n;
    }

    /** True if {@code signal} was completed by a wake-up, as opposed to cancelled or still pending. */
    static boolean wasWoken(Future<Void> signal) {
        return signal.isDone() && !signal.isCancelled();
    }
}
