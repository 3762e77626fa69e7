package io.corio.loop;

import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link Future#await()} and {@link Future#result()} when the future was cancelled, and into a coroutine
 * at its current suspension point when its {@link Task} is cancelled.
 *
 * <p>Code that catches it to clean up should rethrow it: a task that swallows its cancellation keeps running.
 * It extends {@link CancellationException} so that {@code CompletableFuture} bridges and plain Java code that
 * already handle cancellation treat it the same way.
 */
public class CancelledException extends CancellationException {
    public CancelledException() {
        super();
    }

    public CancelledException(String message) {
        super(message);
    }
}
