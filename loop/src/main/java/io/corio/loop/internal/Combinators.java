package io.corio.loop.internal;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.loop.ReturnWhen;
import io.corio.loop.TimeoutException;
import io.corio.loop.TimerHandle;
import io.corio.loop.WaitResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** The implementations behind {@link io.corio.loop.Async}. */
public final class Combinators {
    private Combinators() {
    }

    // ------------------------------------------------------------------------------------------- context

    public static EventLoop runningLoop() {
        CoroutineTask<?> task = CoroutineTask.current();
        if (task != null) {
            return task.loop;
        }
        BaseEventLoop loop = BaseEventLoop.runningOnThisThread();
        if (loop == null) {
            throw new InvalidStateException("no event loop is running on this thread ("
                    + Thread.currentThread().getName() + ")");
        }
        return loop;
    }

    static CoroutineTask<?> requireTask(String operation) {
        CoroutineTask<?> task = CoroutineTask.current();
        if (task == null) {
            throw new IllegalStateException(operation + " suspends, so it must be called inside a task "
                    + "(loop.createTask(...), TaskGroup.spawn(...)); this thread is "
                    + Thread.currentThread().getName());
        }
        return task;
    }

    // ----------------------------------------------------------------------------------------------- sleep

    public static void sleep(Duration delay) {
        CoroutineTask<?> task = requireTask("Async.sleep");
        if (delay.isNegative() || delay.isZero()) {
            task.yieldStep();
            return;
        }
        var done = new LoopFuture<Void>(task.loop);
        TimerHandle timer = task.loop.callLater(delay, () -> done.complete(LoopFuture.RESULT, null));
        try {
            done.await();
        } finally {
            timer.cancel();
        }
    }

    // ---------------------------------------------------------------------------------------------- gather

    public static <T> Future<List<T>> gather(Collection<? extends Future<? extends T>> futures) {
        var children = new ArrayList<LoopFuture<? extends T>>(futures.size());
        for (Future<? extends T> f : futures) {
            children.add(LoopFuture.of(f));
        }
        BaseEventLoop loop = children.isEmpty() ? (BaseEventLoop) runningLoop() : children.getFirst().loop;
        for (LoopFuture<? extends T> c : children) {
            if (c.loop != loop) {
                throw new IllegalArgumentException("gather: futures belong to different loops");
            }
        }
        return new Gathering<>(loop, children);
    }

    /** The future {@code gather} returns: cancelling it cancels the children and waits for them to end. */
    private static final class Gathering<T> extends LoopFuture<List<T>> implements LoopFuture.Waiter {
        private final List<LoopFuture<? extends T>> children;
        private int remaining;
        private boolean cancelRequested;

        Gathering(BaseEventLoop loop, List<LoopFuture<? extends T>> children) {
            super(loop);
            this.children = children;
            this.remaining = children.size();
            if (remaining == 0) {
                complete(RESULT, List.of());
                return;
            }
            for (LoopFuture<? extends T> c : children) {
                c.addWaiter(this);
            }
        }

        @Override
        public void futureDone(LoopFuture<?> child) {
            remaining--;
            if (isDone()) {
                if (!child.isCancelled()) {
                    child.exception();  // the outcome was decided by another child; mark this one retrieved
                }
                return;
            }
            if (!cancelRequested) {
                if (child.isCancelled()) {
                    complete(FAILED, new CancelledException("a future passed to gather was cancelled"));
                    return;
                }
                Throwable error = child.exception();
                if (error != null) {
                    complete(FAILED, error);
                    return;
                }
            }
            if (remaining == 0) {
                if (cancelRequested) {
                    complete(CANCELLED, "gather was cancelled");
                    return;
                }
                var results = new ArrayList<T>(children.size());
                for (LoopFuture<? extends T> c : children) {
                    results.add(c.result());
                }
                complete(RESULT, java.util.Collections.unmodifiableList(results));
            }
        }

        @Override
        public boolean cancel(String message) {
            if (isDone()) {
                return false;
            }
            boolean any = false;
            for (LoopFuture<? extends T> c : children) {
                any |= c.cancel(message);
            }
            if (!any) {
                return complete(CANCELLED, message);
            }
            cancelRequested = true;
            return true;
        }
    }

    // --------------------------------------------------------------------------------------------- waitFor

    public static <T> WaitResult<T> waitFor(Collection<? extends Future<T>> futures, ReturnWhen when,
                                            Duration timeout) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("waitFor needs at least one future");
        }
        CoroutineTask<?> task = requireTask("Async.waitFor");
        var all = new LinkedHashSet<LoopFuture<T>>();
        for (Future<T> f : futures) {
            all.add(LoopFuture.of(f));
        }
        if (!satisfied(all, when)) {
            var wake = new LoopFuture<Void>(task.loop);
            LoopFuture.Waiter onChild = child -> {
                if (!wake.isDone() && satisfied(all, when)) {
                    wake.complete(LoopFuture.RESULT, null);
                }
            };
            TimerHandle timer = timeout == null ? null
                    : task.loop.callLater(timeout, () -> wake.complete(LoopFuture.RESULT, null));
            for (LoopFuture<T> f : all) {
                f.addWaiter(onChild);
            }
            try {
                wake.await();
            } finally {
                if (timer != null) {
                    timer.cancel();
                }
                for (LoopFuture<T> f : all) {
                    f.removeWaiter(onChild);
                }
            }
        }
        var done = new LinkedHashSet<Future<T>>();
        var pending = new LinkedHashSet<Future<T>>();
        for (LoopFuture<T> f : all) {
            (f.isDone() ? done : pending).add(f);
        }
        return new WaitResult<>(done, pending);
    }

    private static boolean satisfied(Collection<? extends LoopFuture<?>> futures, ReturnWhen when) {
        int done = 0;
        for (LoopFuture<?> f : futures) {
            if (f.isDone()) {
                done++;
                if (when == ReturnWhen.FIRST_COMPLETED
                        || (when == ReturnWhen.FIRST_EXCEPTION && f.peekException() != null)) {
                    return true;
                }
            }
        }
        return done == futures.size();
    }

    // --------------------------------------------------------------------------------------------- timeout

    public static <T> T timeout(long deadline, Callable<T> body, String description) {
        CoroutineTask<?> task = requireTask("Async.timeout");
        var expiry = new Expiry(task);
        TimerHandle timer = task.loop.callAt(deadline, expiry);
        try {
            return body.call();
        } catch (CancelledException e) {
            if (expiry.withdraw()) {
                throw new TimeoutException("timed out after " + description, e);
            }
            throw e;
        } catch (Exception e) {
            throw Sneaky.propagate(e);
        } finally {
            timer.cancel();
            expiry.withdraw();
        }
    }

    /**
     * The timer of one {@code timeout} block: cancels the task when it fires. {@link #withdraw()} takes the
     * request back once; it reports whether the block's cancellation was the only one pending, i.e. whether a
     * {@code CancelledException} leaving the block is the timeout's own.
     */
    private static final class Expiry implements Runnable {
        private final CoroutineTask<?> task;
        private final int cancellingBefore;
        private boolean fired;
        private boolean withdrawn;

        Expiry(CoroutineTask<?> task) {
            this.task = task;
            this.cancellingBefore = task.cancelling();
        }

        @Override
        public void run() {
            fired = true;
            task.cancel("timeout");
        }

        boolean withdraw() {
            if (!fired || withdrawn) {
                return false;
            }
            withdrawn = true;
            return task.uncancel() <= cancellingBefore;
        }

        @Override
        public String toString() {
            return "timeout of " + task;
        }
    }

    // ---------------------------------------------------------------------------------------------- shield

    public static <T> Future<T> shield(Future<T> future) {
        LoopFuture<T> inner = LoopFuture.of(future);
        if (inner.isDone()) {
            return inner;
        }
        var outer = new LoopFuture<T>(inner.loop);
        inner.addWaiter(f -> {
            if (outer.isDone()) {
                if (!f.isCancelled()) {
                    f.exception();  // nobody awaits the outer any more; do not report the inner's exception
                }
            } else {
                outer.completeFrom(f);
            }
        });
        return outer;
    }

    // ----------------------------------------------------------------------------------------- asCompleted

    public static <T> List<Future<T>> asCompleted(Collection<? extends Future<? extends T>> futures) {
        var children = new ArrayList<LoopFuture<? extends T>>(futures.size());
        for (Future<? extends T> f : futures) {
            children.add(LoopFuture.of(f));
        }
        if (children.isEmpty()) {
            return List.of();
        }
        BaseEventLoop loop = children.getFirst().loop;
        @SuppressWarnings("unchecked")
        LoopFuture<T>[] slots = new LoopFuture[children.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new LoopFuture<>(loop);
        }
        int[] next = {0};
        for (LoopFuture<? extends T> c : children) {
            c.addWaiter(f -> slots[next[0]++].completeFrom(f));
        }
        return Arrays.asList(slots);
    }
}
