package io.corio.loop.internal;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Crossings between loop futures and the rest of Java: {@code CompletionStage} in and out, and work handed to an
 * {@link Executor}. Outcomes that arrive on other threads come back through {@code callSoonThreadsafe}.
 */
public final class Bridges {
    private Bridges() {
    }

    /** A future of {@code loop} that follows {@code stage}. Any thread. */
    public static <T> Future<T> fromStage(EventLoop eventLoop, CompletionStage<T> stage) {
        var loop = (BaseEventLoop) eventLoop;
        var future = new LoopFuture<T>(loop);
        loop.externalPending.incrementAndGet();
        stage.whenComplete((value, error) -> {
            try {
                loop.callSoonThreadsafe(() -> {
                    loop.externalPending.decrementAndGet();
                    settle(future, value, error);
                });
            } catch (RuntimeException closed) {
                // the loop closed first: nobody can observe the future any more
            }
        });
        if (stage instanceof CompletableFuture<T> cf) {
            onLoop(loop, () -> future.addDoneCallback(f -> {
                if (f.isCancelled()) {
                    cf.cancel(false);
                }
            }));
        }
        return future;
    }

    private static <T> void settle(LoopFuture<T> future, T value, Throwable error) {
        if (future.isDone()) {
            return;
        }
        if (error instanceof CompletionException || error instanceof ExecutionException) {
            error = error.getCause() != null ? error.getCause() : error;
        }
        if (error instanceof CancellationException c) {
            future.complete(LoopFuture.CANCELLED, c.getMessage());
        } else if (error != null) {
            future.complete(LoopFuture.FAILED, error);
        } else {
            future.complete(LoopFuture.RESULT, value);
        }
    }

    /** A {@code CompletableFuture} that follows {@code future}; cancelling it cancels the loop future. */
    static <T> CompletableFuture<T> toCompletableFuture(LoopFuture<T> future) {
        var loop = future.loop;
        var result = new CompletableFuture<T>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    onLoop(loop, () -> future.cancel());
                }
                return cancelled;
            }
        };
        onLoop(loop, () -> forward(future, result));
        return result;
    }

    /** Completes {@code target} with {@code source}'s outcome when it is done; cancels {@code source} with it. */
    static <T> void forward(Future<T> source, CompletableFuture<T> target) {
        source.addDoneCallback(f -> {
            if (f.isCancelled()) {
                target.cancel(false);
            } else if (f.exception() != null) {
                target.completeExceptionally(f.exception());
            } else {
                target.complete(f.result());
            }
        });
        target.whenComplete((v, e) -> {
            if (e instanceof CancellationException && !source.isDone()) {
                onLoop((BaseEventLoop) source.loop(), () -> source.cancel());
            }
        });
    }

    /** {@code runInExecutor}: {@code work} on {@code executor}, its outcome back on the loop. Loop thread. */
    static <T> Future<T> runIn(BaseEventLoop loop, Executor executor, Callable<T> work) {
        var future = new LoopFuture<T>(loop);
        var job = new FutureTask<>(work) {
            @Override
            protected void done() {
                try {
                    loop.callSoonThreadsafe(() -> {
                        loop.externalPending.decrementAndGet();
                        deliver(future, this);
                    });
                } catch (RuntimeException closed) {
                    // the loop closed while the work ran
                }
            }
        };
        future.addDoneCallback(f -> {
            if (f.isCancelled()) {
                job.cancel(true);
            }
        });
        loop.externalPending.incrementAndGet();
        try {
            executor.execute(job);
        } catch (RejectedExecutionException e) {
            loop.externalPending.decrementAndGet();
            future.complete(LoopFuture.FAILED, e);
        }
        return future;
    }

    private static <T> void deliver(LoopFuture<T> future, FutureTask<T> job) {
        if (future.isDone()) {
            return;
        }
        try {
            future.complete(LoopFuture.RESULT, job.get());
        } catch (CancellationException e) {
            future.complete(LoopFuture.CANCELLED, "the executor cancelled the work");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancelledException c) {
                future.complete(LoopFuture.CANCELLED, c.getMessage());
            } else {
                future.complete(LoopFuture.FAILED, cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();  // get() of a done FutureTask does not block; not reached
        }
    }

    /** Runs {@code action} on the loop thread: now if this is it, otherwise through the cross-thread queue. */
    static void onLoop(BaseEventLoop loop, Runnable action) {
        if (loop.onLoopThread()) {
            action.run();
        } else {
            loop.callSoonThreadsafe(action);
        }
    }
}
