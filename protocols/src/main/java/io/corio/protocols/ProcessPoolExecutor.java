package io.corio.protocols;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TaskExecutor;
import io.corio.protocols.internal.pool.Messages;
import io.corio.protocols.internal.pool.PoolEngine;
import io.corio.protocols.internal.pool.WorkerMain;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs CPU-bound {@link SerializableCallable}s in N worker JVMs, so they neither block the loop nor share its
 * heap and cores with it: asyncio's {@code ProcessPoolExecutor}.
 * <pre>{@code
 * var pool = ProcessPoolExecutor.start(loop, 2).await();
 * long primes = pool.submit(() -> Primes.countBelow(2_000_000)).await();       // or:
 * long same = loop.runInExecutor(pool, (SerializableCallable<Long>) () -> Primes.countBelow(2_000_000)).await();
 * pool.shutdown().await();
 * }</pre>
 *
 * <h2>Workers</h2>
 * Each worker is {@code java} of this JVM with its class path, Corio's JVM flags and
 * {@link ProcessPoolOptions#jvmArgs()}, running {@link WorkerMain}. It connects back over a Unix socket in a
 * private temporary directory and proves itself with a random token passed in its environment. Tasks and results
 * travel as Java-serialised objects in {@link LengthPrefixedCodec} frames. A worker runs one task at a time; tasks
 * beyond the idle workers wait in a queue, in order. A worker exits when its connection closes, so workers die with
 * the parent however it ends. Their stderr (and the tasks' {@code System.out}) is this process's stderr.
 *
 * <h2>Outcomes</h2>
 * A result is the task's value, deserialised on the loop. A task's exception comes back as itself, with the stack
 * trace it had in the worker and a suppressed {@link RemoteTaskException} naming the worker; when its class cannot
 * be rebuilt here, as a {@link RemoteTaskException} carrying the class name and stack. A task or result that
 * cannot be serialised fails the future with an {@code IllegalArgumentException} or a {@code
 * NotSerializableException}. A worker that dies (killed, {@code System.exit}, a JVM crash) fails its task with a
 * {@link BrokenResourceException} naming its pid and exit code, and is replaced; three failed starts in a row
 * break the pool.
 *
 * <h2>Cancelling and stopping</h2>
 * Cancelling a queued task's future removes it from the queue; cancelling a running one interrupts it in the worker
 * (as {@code runInExecutor} interrupts a thread), and the worker takes the next task once it returns.
 * {@link #shutdown()} lets queued and running tasks finish, then stops the workers; {@link #shutdownNow()} and
 * {@link #close()} cancel queued tasks, fail running ones with {@link ClosedResourceException} and kill the workers.
 *
 * <p>Loop-confined: call {@code submit}, {@code shutdown}, {@code shutdownNow} and {@code close} on the pool's loop.
 * {@link #execute} and {@link #submit(EventLoop, Callable)} for another loop may be called from any thread.
 */
public final class ProcessPoolExecutor implements TaskExecutor, AutoCloseable {
    private final EventLoop loop;
    private final PoolEngine engine;

    private ProcessPoolExecutor(EventLoop loop, PoolEngine engine) {
        this.loop = loop;
        this.engine = engine;
    }

    /** {@link #start(EventLoop, int, ProcessPoolOptions)} with {@link ProcessPoolOptions#DEFAULTS}. */
    public static Future<ProcessPoolExecutor> start(EventLoop loop, int workers) {
        return start(loop, workers, ProcessPoolOptions.DEFAULTS);
    }

    /**
     * Starts {@code workers} worker JVMs and completes when every one has connected. Call on the loop thread (or
     * before the loop runs). Fails with a {@link BrokenResourceException} when a worker exits or does not connect
     * within {@link ProcessPoolOptions#startTimeout()}; the workers already started are then killed.
     */
    public static Future<ProcessPoolExecutor> start(EventLoop loop, int workers, ProcessPoolOptions options) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        var pool = new ProcessPoolExecutor(loop, new PoolEngine(loop, workers, options));
        return loop.createTask(() -> {
            try {
                pool.engine.open();
                return pool;
            } catch (Throwable e) {
                pool.shutdownNow();
                throw e;
            }
        }, "process-pool-start");
    }

    /** The number of worker places. */
    public int workers() {
        return engine.workers();
    }

    /** The pids of the live workers, in place order (-1 for a place whose worker is starting). Loop thread. */
    public List<Long> pids() {
        return engine.pids();
    }

    /** Tasks waiting for a worker. Loop thread. */
    public int queued() {
        return engine.queued();
    }

    // ------------------------------------------------------------------------------------------- submitting

    /**
     * Queues {@code task} for the next idle worker and returns a future on the pool's loop for its outcome. Loop
     * thread. A task that cannot be serialised, or a pool that is shutting down, fails the future at once.
     */
    @SuppressWarnings("unchecked")
    public <T> Future<T> submit(SerializableCallable<T> task) {
        RuntimeException refused = null;
        byte[] bytes = null;
        if (!engine.accepting()) {
            refused = new ClosedResourceException("the process pool is shut down");
        } else {
            try {
                bytes = Messages.toBytes(task);
                if (bytes.length + Messages.HEADER > engine.maxMessageLength()) {
                    refused = new IllegalArgumentException("the task takes " + bytes.length + " bytes serialised,"
                            + " above the pool's maxMessageLength " + engine.maxMessageLength());
                }
            } catch (IOException | RuntimeException e) {
                refused = new IllegalArgumentException("the task cannot be serialised for a pool worker (" + e
                        + "); everything it captures must be Serializable", e);
            }
        }
        if (refused != null) {
            Future<T> failed = loop.createFuture();
            failed.setException(refused);
            return failed;
        }
        return (Future<T>) engine.enqueue(bytes);
    }

    /**
     * For {@link EventLoop#runInExecutor}: {@code work} must be a {@link SerializableCallable} (or otherwise
     * {@code Serializable}), else the future fails with an {@code IllegalArgumentException} that says how to fix it.
     * {@code loop} may be another loop than the pool's: the outcome is then handed over between them.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> Future<T> submit(EventLoop caller, Callable<T> work) {
        if (!(work instanceof Serializable)) {
            Future<T> failed = caller.createFuture();
            failed.setException(new IllegalArgumentException("a process pool needs a Serializable task, got "
                    + work.getClass().getName() + ": cast a lambda to SerializableCallable, e.g. "
                    + "loop.runInExecutor(pool, (SerializableCallable<T>) () -> ...)"));
            return failed;
        }
        SerializableCallable<T> task = work instanceof SerializableCallable<T> s ? s : new CallableTask<>(work);
        if (caller == loop) {
            return submit(task);
        }
        var outcome = new CompletableFuture<T>();
        loop.callSoonThreadsafe(() -> {
            Future<T> f = submit(task);
            f.addDoneCallback(done -> {
                if (done.isCancelled()) {
                    outcome.cancel(false);
                } else if (done.exception() != null) {
                    outcome.completeExceptionally(done.exception());
                } else {
                    outcome.complete(done.result());
                }
            });
            outcome.whenComplete((v, e) -> {
                if (e instanceof java.util.concurrent.CancellationException && !loop.isClosed()) {
                    loop.callSoonThreadsafe(f::cancel);
                }
            });
        });
        return Future.of(caller, outcome);
    }

    /**
     * Runs a {@code Serializable} {@code Runnable} in a worker; any thread. Its failure goes to the loop's exception
     * handler.
     *
     * @throws RejectedExecutionException if {@code command} is not {@code Serializable}
     */
    @Override
    public void execute(Runnable command) {
        if (!(command instanceof Serializable)) {
            throw new RejectedExecutionException("a process pool needs a Serializable Runnable, got "
                    + command.getClass().getName());
        }
        loop.callSoonThreadsafe(() -> submit(new RunnableTask(command)).addDoneCallback(f -> {
            if (!f.isCancelled() && f.exception() != null) {
                loop.callExceptionHandler(ErrorContext.of("Exception in pool task " + command,
                        f.exception(), this));
            }
        }));
    }

    private record CallableTask<T>(Callable<T> work) implements SerializableCallable<T> {
        @Override
        public T call() throws Exception {
            return work.call();
        }
    }

    private record RunnableTask(Runnable command) implements SerializableCallable<Void> {
        @Override
        public Void call() {
            command.run();
            return null;
        }
    }

    // --------------------------------------------------------------------------------------------- stopping

    /**
     * Accepts no more tasks, lets the queued and running ones finish, then closes the workers' connections so they
     * exit. The future completes when every worker has exited and the socket directory is removed. Loop thread.
     */
    public Future<Void> shutdown() {
        return engine.shutdown();
    }

    /**
     * Cancels the queued tasks, fails the running ones with {@link ClosedResourceException} and kills the workers.
     * The future completes when every worker has exited. Loop thread. Idempotent.
     */
    public Future<Void> shutdownNow() {
        return engine.shutdownNow();
    }

    /** {@link #shutdownNow()} without waiting. */
    @Override
    public void close() {
        engine.shutdownNow();
    }

    @Override
    public String toString() {
        return "ProcessPoolExecutor[workers=" + engine.workers() + ", " + engine.describe() + ", pids=" + pids()
                + "]";
    }
}
