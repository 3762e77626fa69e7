package io.corio.loop;

import io.corio.loop.internal.Bridges;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The outcome of an operation that finishes later, bound to one {@link EventLoop}: pending, then done exactly
 * once with a result, an exception, or cancelled.
 *
 * <p>Loop-confined, like the loop (see {@link EventLoop}): complete it, cancel it and add callbacks on the loop
 * thread. {@link #await()}, {@link #isDone()} and {@link #toCompletableFuture()} may be called from any thread.
 */
public interface Future<T> {

    /** True once the future has a result or an exception or was cancelled. Any thread. */
    boolean isDone();

    /** True if the future was cancelled. */
    boolean isCancelled();

    /**
     * Returns the result.
     *
     * @throws InvalidStateException if the future is pending
     * @throws CancelledException    if it was cancelled
     *                               (and rethrows the future's exception unchanged, even a checked one)
     */
    T result();

    /**
     * Returns the exception the future failed with, or null if it completed with a result. Marks the exception as
     * retrieved (see {@link EventLoop#setExceptionHandler} for what happens to exceptions nobody retrieves).
     *
     * @throws InvalidStateException if the future is pending
     * @throws CancelledException    if it was cancelled
     */
    Throwable exception();

    /**
     * Completes the future with {@code result} and schedules its done callbacks.
     *
     * @throws InvalidStateException if it is already done
     */
    void setResult(T result);

    /**
     * Completes the future with {@code exception} and schedules its done callbacks.
     *
     * @throws InvalidStateException    if it is already done
     * @throws IllegalArgumentException if {@code exception} is a {@link CancelledException} (use {@link #cancel()})
     */
    void setException(Throwable exception);

    /** Cancels a pending future and schedules its done callbacks; returns false if it was already done. */
    default boolean cancel() {
        return cancel(null);
    }

    /** Like {@link #cancel()}, with a message that the {@link CancelledException} will carry. */
    boolean cancel(String message);

    /**
     * Calls {@code callback} with this future once it is done, via {@link EventLoop#callSoon}: never inline, even
     * when the future is already done. Callbacks run in the order they were added.
     */
    void addDoneCallback(Consumer<? super Future<T>> callback);

    /** Removes every registration of {@code callback}; returns how many were removed. */
    int removeDoneCallback(Consumer<? super Future<T>> callback);

    /**
     * Waits for the future and returns its result (or rethrows its exception unchanged, even a checked one;
     * {@link CancelledException} if it was cancelled).
     *
     * <ul>
     * <li>In a coroutine (a {@link Task}) this is a suspension point: the task parks and the loop runs other
     *     callbacks until the future is done. If the task is cancelled meanwhile, the future is cancelled too and
     *     this throws {@link CancelledException}.</li>
     * <li>On a thread that runs no loop it blocks that thread.</li>
     * <li>In a plain callback on a loop thread it throws {@link IllegalStateException}: blocking there would
     *     freeze the loop (and, when the future belongs to that loop, never finish).</li>
     * </ul>
     *
     * @throws InvalidStateException if a task awaits itself
     */
    T await();

    /** The loop the future belongs to. */
    EventLoop loop();

    /**
     * A {@code CompletableFuture} that completes with this future's outcome; cancelling it cancels this future.
     * Any thread.
     */
    CompletableFuture<T> toCompletableFuture();

    /**
     * A future on the running loop that completes with {@code stage}'s outcome, which may arrive on any thread.
     * Cancelling it cancels {@code stage} if that is a {@code CompletableFuture}.
     *
     * @throws InvalidStateException if no loop is running on this thread
     */
    static <T> Future<T> of(CompletionStage<T> stage) {
        return Bridges.fromStage(Async.runningLoop(), stage);
    }

    /** Like {@link #of(CompletionStage)} for the given loop; callable from any thread. */
    static <T> Future<T> of(EventLoop loop, CompletionStage<T> stage) {
        return Bridges.fromStage(loop, stage);
    }
}
