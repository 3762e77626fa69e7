package io.corio.servers.launch.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Runs work on a loop's thread from another thread, with the outcome as a {@code CompletableFuture}. */
final class OnLoop {
    private OnLoop() {
    }

    /** Runs {@code work} in the loop's next iteration. A loop that is already closed fails the future. */
    static <T> CompletableFuture<T> call(EventLoop loop, Callable<T> work) {
        var result = new CompletableFuture<T>();
        try {
            loop.callSoonThreadsafe(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RuntimeException closed) {
            result.completeExceptionally(closed);
        }
        return result;
    }

    /** Runs {@code work} on the loop, then waits (without blocking the loop) for the loop future it returns. */
    static <T> CompletableFuture<T> await(EventLoop loop, Callable<Future<T>> work) {
        var result = new CompletableFuture<T>();
        try {
            loop.callSoonThreadsafe(() -> {
                try {
                    work.call().addDoneCallback(done -> complete(done, result));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RuntimeException closed) {
            result.completeExceptionally(closed);
        }
        return result;
    }

    /** Copies a done loop future's outcome; called on the loop thread. */
    static <T> void complete(Future<T> done, CompletableFuture<T> into) {
        if (done.isCancelled()) {
            into.cancel(false);
        } else if (done.exception() != null) {
            into.completeExceptionally(done.exception());
        } else {
            into.complete(done.result());
        }
    }
}
