package io.corio.loop;

import io.corio.loop.internal.Combinators;
import io.corio.loop.internal.CoroutineTask;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Coroutine helpers: where the running loop and task are, sleeping, waiting for several futures, timeouts.
 *
 * <p>Methods documented as <em>suspending</em> must be called inside a task (a coroutine): they park it and let
 * the loop run other work. Called elsewhere they throw {@link IllegalStateException}. Every suspending method is a
 * cancellation point: if the task is cancelled while suspended, it throws {@link CancelledException}.
 */
public final class Async {
    private Async() {
    }

    /**
     * The loop of the current task, or the loop running on the current thread (in a callback).
     *
     * @throws InvalidStateException if there is none
     */
    public static EventLoop runningLoop() {
        return Combinators.runningLoop();
    }

    /** The task whose coroutine is running on the current thread, or null outside any task. */
    public static Task<?> currentTask() {
        return CoroutineTask.current();
    }

    /** Same as {@code future.await()}. Suspending inside a task; see {@link Future#await()}. */
    public static <T> T await(Future<T> future) {
        return future.await();
    }

    /**
     * Suspends the current task for {@code delay} of loop time. A zero or negative delay yields: every callback
     * that is ready runs once, then the task resumes. Suspending.
     */
    public static void sleep(Duration delay) {
        Combinators.sleep(delay);
    }

    /**
     * A future of the results of {@code futures}, in the order given. It fails as soon as one of them fails (with
     * that exception; the others keep running), or with {@link CancelledException} if one of them is cancelled.
     * Cancelling the returned future cancels every one that is still pending, and it is done when they are.
     * All futures must belong to one loop.
     */
    @SafeVarargs
    public static <T> Future<List<T>> gather(Future<? extends T>... futures) {
        return Combinators.gather(Arrays.asList(futures));
    }

    /** {@link #gather(Future[])} for a collection. */
    public static <T> Future<List<T>> gather(Collection<? extends Future<? extends T>> futures) {
        return Combinators.gather(futures);
    }

    /**
     * Suspends until {@code when} is met, and returns which futures are done and which are pending. Cancels
     * nothing. Suspending.
     *
     * @throws IllegalArgumentException if {@code futures} is empty
     */
    public static <T> WaitResult<T> waitFor(Collection<? extends Future<T>> futures, ReturnWhen when) {
        return Combinators.waitFor(futures, when, null);
    }

    /** Like {@link #waitFor(Collection, ReturnWhen)}, returning after {@code timeout} at the latest. Suspending. */
    public static <T> WaitResult<T> waitFor(Collection<? extends Future<T>> futures, ReturnWhen when,
                                            Duration timeout) {
        return Combinators.waitFor(futures, when, timeout);
    }

    /**
     * Runs {@code body} in the current task with a deadline {@code delay} from now. When the deadline passes, the
     * task is cancelled at its current suspension point, and the resulting {@link CancelledException}, once it
     * leaves {@code body}, becomes a {@link TimeoutException}. A cancellation from outside stays a
     * {@code CancelledException}. Nested timeouts each report their own expiry. Must be called inside a task.
     *
     * @return what {@code body} returned (its exceptions are rethrown unchanged)
     */
    public static <T> T timeout(Duration delay, Callable<T> body) {
        EventLoop loop = runningLoop();
        long nanos;
        try {
            nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        long now = loop.time();
        long deadline = now + nanos < now ? Long.MAX_VALUE : now + nanos;
        return Combinators.timeout(deadline, body, delay.toString());
    }

    /** Like {@link #timeout(Duration, Callable)} with a deadline in loop time ({@link EventLoop#time()}). */
    public static <T> T timeoutAt(long deadline, Callable<T> body) {
        return Combinators.timeout(deadline, body, "deadline " + deadline);
    }

    /**
     * A future that follows {@code future} but whose cancellation does not reach it: the task awaiting the shield
     * can be cancelled while the shielded work carries on.
     */
    public static <T> Future<T> shield(Future<T> future) {
        return Combinators.shield(future);
    }

    /**
     * Futures that complete in the order {@code futures} finish: the first returned future completes with the
     * outcome of whichever finishes first, and so on. Await them in order.
     */
    public static <T> List<Future<T>> asCompleted(Collection<? extends Future<? extends T>> futures) {
        return Combinators.asCompleted(futures);
    }

    /**
     * Runs blocking {@code work} on the loop's default executor (a virtual thread of the JDK's scheduler, see
     * {@link LoopExecutors#blocking()}) and awaits its result: {@code asyncio.to_thread}. Suspending.
     */
    public static <T> T toThread(Callable<T> work) {
        return runningLoop().runInExecutor(null, work).await();
    }
}
