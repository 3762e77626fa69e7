package io.corio.loop;

import io.corio.loop.internal.SelectorEventLoop;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One event loop: a thread that calls callbacks, fires timers, watches channels and runs coroutines, one at a
 * time, so that code running on it needs no locks.
 *
 * <h2>Threads</h2>
 * A loop runs on the thread that calls {@link #runForever()} or {@link #runUntilComplete}, one thread at a time.
 * Everything on this interface is <em>loop-confined</em>: call it from that thread (from a callback or a
 * coroutine running on the loop) or, before the loop runs, from the thread that will run it. The exceptions are
 * {@link #callSoonThreadsafe}, {@link #submit}, {@link #time()}, {@link #isRunning()}, {@link #isClosed()},
 * {@link #isDebug()} and {@link #stats()}, which any thread may call. In debug mode a loop-confined method called
 * from another thread throws {@link WrongThreadException}; outside debug mode it is a data race.
 *
 * <h2>Order</h2>
 * One iteration ({@code runOnce}) polls I/O, moves due timers and I/O callbacks to the ready queue, then runs the
 * callbacks that were ready when the iteration began, in order. Callbacks scheduled meanwhile run in the next
 * iteration. Timers due at the same time run in the order they were scheduled.
 *
 * <h2>Errors</h2>
 * A callback that throws never stops the loop: the exception goes to the {@link ExceptionHandler} with an
 * {@link ErrorContext}, and the loop goes on with the next callback.
 */
public interface EventLoop extends AutoCloseable {

    /** Creates a loop on a NIO {@code Selector} (epoll on Linux), not yet running. */
    static EventLoop create() {
        return new SelectorEventLoop();
    }

    /**
     * Runs {@code main} as a task on a new loop on the calling thread until it completes, then cancels the tasks
     * it left behind, waits for them, and closes the loop: the {@code asyncio.run} of Corio.
     *
     * @return what {@code main} returned
     * @throws InvalidStateException if the calling thread is already running a loop
     * (any exception {@code main} threw is rethrown unchanged)
     */
    static <T> T run(Callable<T> main) {
        return SelectorEventLoop.runMain(main);
    }

    // ---------------------------------------------------------------------------------------- time and callbacks

    /** The loop's clock in nanoseconds: monotonic, meaningful only as a difference. Any thread. */
    long time();

    /**
     * Schedules {@code callback} to run in the next iteration, after the callbacks already scheduled.
     *
     * @throws ClosedResourceException if the loop is closed
     */
    Handle callSoon(Runnable callback);

    /**
     * Like {@link #callSoon}, from any thread: the callback goes through a lock-free queue, and a loop blocked
     * polling for I/O is woken (once per batch of submissions, not once per call).
     *
     * @throws ClosedResourceException if the loop is closed
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules {@code callback} to run {@code delay} from now ({@link #time()} based). A zero or negative delay
     * runs it in the next iteration, after callbacks that are already ready.
     *
     * @throws ClosedResourceException if the loop is closed
     */
    TimerHandle callLater(Duration delay, Runnable callback);

    /**
     * Schedules {@code callback} to run at loop time {@code when} (nanoseconds, compare {@link #time()}).
     *
     * @throws ClosedResourceException if the loop is closed
     */
    TimerHandle callAt(long when, Runnable callback);

    // ------------------------------------------------------------------------------------- futures and tasks

    /** Creates a pending future bound to this loop. */
    <T> Future<T> createFuture();

    /**
     * Starts {@code body} as a coroutine: a task named {@code Task-<n>} whose first step runs in the next
     * iteration. See {@link Task}.
     *
     * @throws ClosedResourceException if the loop is closed
     */
    <T> Task<T> createTask(Callable<T> body);

    /** Like {@link #createTask(Callable)} with a name, shown in thread dumps as {@code corio-task-<n>:<name>}. */
    <T> Task<T> createTask(Callable<T> body, String name);

    /**
     * From any thread: starts {@code body} as a task on this loop and returns a {@code CompletableFuture} that
     * completes with its outcome; cancelling that future cancels the task. The bridge for code outside the loop
     * ({@code asyncio.run_coroutine_threadsafe}).
     */
    <T> CompletableFuture<T> submit(Callable<T> body);

    /** The tasks created on this loop that are not done yet, in no particular order. A copy. */
    Set<Task<?>> allTasks();

    // ----------------------------------------------------------------------------------------- running

    /**
     * Runs iterations on the calling thread until {@link #stop()} is called. If {@code stop()} was called before,
     * runs one iteration and returns. Interrupting the thread that runs the loop stops it at the end of the
     * iteration (a test framework's timeout, a shutdown that interrupts its threads): the loop is left stopped but
     * usable, and the thread's interrupt status stays set.
     *
     * @throws InvalidStateException if the loop is closed or already running, or this thread runs another loop
     * @throws CancelledException    if the thread running the loop was interrupted
     */
    void runForever();

    /**
     * Runs the loop until {@code future} is done and returns its result.
     *
     * @throws InvalidStateException if the loop stopped before the future was done, or as {@link #runForever()}
     * (the future's own exception is rethrown unchanged, {@link CancelledException} if it was cancelled or the
     * thread was interrupted)
     */
    <T> T runUntilComplete(Future<T> future);

    /** Starts {@code body} as a task and runs the loop until it completes; returns its result. */
    <T> T runUntilComplete(Callable<T> body);

    /**
     * Asks the running loop to stop after the current iteration: the callbacks already ready run, then
     * {@link #runForever()} returns. Loop-confined; from another thread use {@code callSoonThreadsafe(loop::stop)}.
     */
    void stop();

    /** True while a thread is inside {@link #runForever()} or {@link #runUntilComplete}. Any thread. */
    boolean isRunning();

    /**
     * Closes the loop: reports every pending task to the exception handler (with its creation site in debug
     * mode), cancels them and lets them unwind (their {@code finally} blocks run, for at most one second), drops
     * pending callbacks and timers, removes signal handlers and releases the selector. Idempotent.
     *
     * @throws InvalidStateException if the loop is running
     */
    @Override
    void close();

    /** True once {@link #close()} has been called. Any thread. */
    boolean isClosed();

    // --------------------------------------------------------------------------------------------- errors

    /** The current exception handler (never null: the default one when none was set). */
    ExceptionHandler exceptionHandler();

    /** Sets the exception handler; null restores the default, which logs. */
    void setExceptionHandler(ExceptionHandler handler);

    /** Passes {@code context} to the exception handler, catching and logging whatever the handler throws. */
    void callExceptionHandler(ErrorContext context);

    // ---------------------------------------------------------------------------------------------- debug

    /**
     * True in debug mode: loop-confined calls from other threads throw, handles and tasks record where they were
     * created, and callbacks slower than {@link #slowCallbackDuration()} are logged with the stack the loop
     * thread had while it was blocked. Enabled at creation by {@code CORIO_DEBUG=1} or {@code -Dcorio.debug=true}.
     */
    boolean isDebug();

    /** Turns debug mode on or off; takes effect from the next callback. */
    void setDebug(boolean debug);

    /** Callbacks and coroutine steps running longer than this are logged in debug mode (default 100 ms). */
    Duration slowCallbackDuration();

    void setSlowCallbackDuration(Duration duration);

    /** Counters since creation (iterations, callbacks, slow callbacks, pending tasks). Any thread. */
    LoopStats stats();

    // ------------------------------------------------------------------------------------------------ I/O

    /**
     * Calls {@code callback} on the loop each iteration in which {@code channel} is readable (or acceptable, for a
     * server channel), until {@link #removeReader}. Works for every {@link SelectableChannel}: sockets, server
     * sockets, datagram channels, {@code Pipe.SourceChannel}. Replaces an earlier reader that user code added
     * for the same channel. The channel must already be in non-blocking mode: the loop does not change a
     * channel's mode behind its owner's back.
     *
     * <p>The watch ends with {@link #removeReader}, with {@link Handle#cancel()} on the returned handle (the
     * interest is dropped the next time the channel is ready, so a cancelled watch never spins the loop), or when
     * the channel is closed (its key is deregistered; the callback is not called again).
     *
     * <p>Files, TTYs, {@code System.in} and {@link Process} streams cannot be selected by Java: read them with a
     * {@link BlockingReader}, which reads on a helper virtual thread and hands chunks to the loop.
     *
     * @throws IllegalArgumentException if the channel is blocking or does not support reading
     * @throws InvalidStateException if a transport uses the channel (close or abort the transport instead)
     * @throws ClosedResourceException if the loop or the channel is closed
     */
    Handle addReader(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching {@code channel} for reading; returns true if a reader was removed, false if there was none.
     *
     * @throws InvalidStateException if a transport uses the channel
     */
    boolean removeReader(SelectableChannel channel);

    /**
     * Like {@link #addReader} for writability (or connect completion, for a connecting socket): a sink of a pipe,
     * a socket, a datagram channel. Same errors and same ways to end the watch.
     */
    Handle addWriter(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching {@code channel} for writing; returns true if a writer was removed, false if there was none.
     *
     * @throws InvalidStateException if a transport uses the channel
     */
    boolean removeWriter(SelectableChannel channel);

    // -------------------------------------------------------------------------------------------- signals

    /**
     * Runs {@code callback} on this loop each time the process receives {@code signal}, instead of the JVM's
     * default action. Replaces this loop's earlier handler for the signal. Several loops may handle the same signal;
     * each gets its callback. The JVM's own handler comes back when the last loop removes its handler.
     *
     * @throws IllegalArgumentException if the JVM or the OS does not let the signal be handled (the message says
     *                                  which)
     */
    void addSignalHandler(Signal signal, Runnable callback);

    /** Removes this loop's handler for {@code signal}; returns false if there was none. */
    boolean removeSignalHandler(Signal signal);

    // ------------------------------------------------------------------------------------------ executors

    /**
     * Runs blocking {@code work} on {@code executor} (null: the loop's default executor, see
     * {@link LoopExecutors#blocking()}) and returns a future on this loop for its outcome. Cancelling the future
     * interrupts the work if it has started. For CPU-bound work pass {@link LoopExecutors#cpu()}. An executor that
     * is a {@link TaskExecutor} (a process pool) receives {@code work} itself through {@link TaskExecutor#submit}.
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> work);

    /** Sets the executor that {@code runInExecutor(null, ...)} uses; null restores {@link LoopExecutors#blocking()}. */
    void setDefaultExecutor(Executor executor);
}
