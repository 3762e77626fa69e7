package io.corio.protocols;

import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.LoopExecutors;
import io.corio.loop.TaskExecutor;
import io.corio.protocols.internal.pool.Messages;
import io.corio.protocols.internal.pool.PoolConnection;
import io.corio.protocols.internal.pool.RemoteFailures;
import io.corio.protocols.internal.pool.WorkerMain;
import io.corio.protocols.internal.pool.WorkerSlot;
import io.corio.protocols.internal.pool.WorkerSlot.Job;
import io.corio.protocols.internal.pool.WorkerSlot.State;
import io.corio.transports.Buffers;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private static final List<String> CORIO_JVM_FLAGS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    private static final int MAX_FAILED_STARTS = 3;

    private enum PoolState { STARTING, RUNNING, SHUTTING_DOWN, CLOSED }

    private final EventLoop loop;
    private final ProcessPoolOptions options;
    private final WorkerSlot[] slots;
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final Future<Void> ready;
    private final Future<Void> stopped;
    private PoolState state = PoolState.STARTING;
    private Path directory;
    private Server server;
    private long nextId;

    private ProcessPoolExecutor(EventLoop loop, int workers, ProcessPoolOptions options) {
        this.loop = loop;
        this.options = options;
        this.slots = new WorkerSlot[workers];
        for (int i = 0; i < workers; i++) {
            slots[i] = new WorkerSlot(i);
        }
        this.ready = loop.createFuture();
        this.stopped = loop.createFuture();
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
        var pool = new ProcessPoolExecutor(loop, workers, options);
        return loop.createTask(() -> {
            try {
                pool.open();
                return pool;
            } catch (Throwable e) {
                pool.shutdownNow();
                throw e;
            }
        }, "process-pool-start");
    }

    private void open() throws IOException {
        directory = Files.createTempDirectory("corio-pool-");   // 0700 on POSIX: only this user can connect
        server = Network.createUnixServer(loop, () -> new FramedProtocol<ByteBuf>(
                new LengthPrefixedCodec(options.maxMessageLength()), new PoolConnection(this)),
                directory.resolve("pool.sock"), ServerOptions.DEFAULTS).await();
        for (WorkerSlot slot : slots) {
            spawn(slot);
        }
        Async.timeout(options.startTimeout().plusSeconds(1), ready::await);
        state = PoolState.RUNNING;
    }

    /** The number of worker places. */
    public int workers() {
        return slots.length;
    }

    /** The pids of the live workers, in place order (-1 for a place whose worker is starting). Loop thread. */
    public List<Long> pids() {
        var pids = new ArrayList<Long>();
        for (WorkerSlot slot : slots) {
            pids.add(slot.connection != null ? slot.pid() : -1L);
        }
        return pids;
    }

    /** Tasks waiting for a worker. Loop thread. */
    public int queued() {
        return queue.size();
    }

    // ------------------------------------------------------------------------------------------- submitting

    /**
     * Queues {@code task} for the next idle worker and returns a future on the pool's loop for its outcome. Loop
     * thread. A task that cannot be serialised, or a pool that is shutting down, fails the future at once.
     */
    @SuppressWarnings("unchecked")
    public <T> Future<T> submit(SerializableCallable<T> task) {
        Future<Object> future = loop.createFuture();
        if (state == PoolState.SHUTTING_DOWN || state == PoolState.CLOSED) {
            future.setException(new ClosedResourceException("the process pool is shut down"));
            return (Future<T>) (Future<?>) future;
        }
        byte[] bytes;
        try {
            bytes = Messages.toBytes(task);
        } catch (IOException | RuntimeException e) {
            future.setException(new IllegalArgumentException("the task cannot be serialised for a pool worker ("
                    + e + "); everything it captures must be Serializable", e));
            return (Future<T>) (Future<?>) future;
        }
        if (bytes.length + Messages.HEADER > options.maxMessageLength()) {
            future.setException(new IllegalArgumentException("the task takes " + bytes.length + " bytes serialised,"
                    + " above the pool's maxMessageLength " + options.maxMessageLength()));
            return (Future<T>) (Future<?>) future;
        }
        var job = new Job(++nextId, bytes, future);
        future.addDoneCallback(f -> {
            if (f.isCancelled()) {
                cancelled(job);
            }
        });
        queue.add(job);
        dispatch();
        return (Future<T>) (Future<?>) future;
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
            outcome.whenComplete((v, e) -> loop.callSoonThreadsafe(() -> f.cancel()));
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
                loop.callExceptionHandler(io.corio.loop.ErrorContext.of("Exception in pool task " + command,
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
        if (state != PoolState.CLOSED) {
            state = PoolState.SHUTTING_DOWN;
            dispatch();
        }
        return stopped;
    }

    /**
     * Cancels the queued tasks, fails the running ones with {@link ClosedResourceException} and kills the workers.
     * The future completes when every worker has exited. Loop thread. Idempotent.
     */
    public Future<Void> shutdownNow() {
        if (state == PoolState.CLOSED) {
            return stopped;
        }
        state = PoolState.CLOSED;
        for (Job job; (job = queue.poll()) != null; ) {
            job.future().cancel("the process pool was shut down");
        }
        for (WorkerSlot slot : slots) {
            if (slot.current != null && !slot.current.future().isDone()) {
                slot.current.future().setException(new ClosedResourceException("the process pool was shut down"
                        + " while the task ran in " + slot.describe()));
            }
            slot.current = null;
            if (slot.process != null) {
                slot.process.destroyForcibly();
            }
        }
        if (!ready.isDone()) {
            ready.setException(new ClosedResourceException("the process pool was shut down while starting"));
        }
        checkStopped();
        return stopped;
    }

    /** {@link #shutdownNow()} without waiting. */
    @Override
    public void close() {
        shutdownNow();
    }

    // ---------------------------------------------------------------------------- worker life (package-private)

    private void spawn(WorkerSlot slot) {
        slot.state = State.STARTING;
        slot.connection = null;
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString()));
        command.addAll(CORIO_JVM_FLAGS);
        command.addAll(options.jvmArgs());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(),
                directory.resolve("pool.sock").toString(), Integer.toString(options.maxMessageLength())));
        var builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put(WorkerMain.TOKEN_ENV, token);
        // fork and exec take milliseconds: not on the loop thread
        loop.runInExecutor(LoopExecutors.blocking(), builder::start).addDoneCallback(f -> {
            if (f.exception() != null) {
                slot.state = State.STOPPED;
                startFailed(slot, new BrokenResourceException("cannot start pool worker " + slot.index + ": "
                        + f.exception(), f.exception()));
                return;
            }
            Process process = f.result();
            slot.process = process;
            Future.of(loop, process.onExit()).addDoneCallback(exit -> exited(slot, process));
            if (state == PoolState.CLOSED) {
                process.destroyForcibly();
            } else {
                loop.callLater(options.startTimeout(), () -> {
                    if (slot.process == process && slot.connection == null) {
                        System.err.println("corio pool: " + slot.describe() + " did not connect within "
                                + options.startTimeout() + "; killing it");
                        process.destroyForcibly();
                    }
                });
            }
        });
    }

    /** A worker said HELLO with the right token: returns its place, or null when no starting worker has that pid. */
    public WorkerSlot connected(long pid, String helloToken, FramedProtocol<ByteBuf> connection) {
        if (!token.equals(helloToken)) {
            return null;
        }
        for (WorkerSlot slot : slots) {
            if (slot.state == State.STARTING && slot.pid() == pid && slot.connection == null) {
                slot.connection = connection;
                slot.state = State.IDLE;
                slot.failedStarts = 0;
                if (!ready.isDone() && allConnected()) {
                    ready.setResult(null);
                }
                dispatch();
                return slot;
            }
        }
        return null;
    }

    private boolean allConnected() {
        for (WorkerSlot slot : slots) {
            if (slot.connection == null) {
                return false;
            }
        }
        return true;
    }

    /** A RESULT or FAILURE arrived from the worker in {@code slot}. */
    public void outcome(WorkerSlot slot, ByteBuf message) {
        Job job = slot.current;
        if (job == null || job.id() != Messages.id(message)) {
            System.err.println("corio pool: " + slot.describe() + " answered task " + Messages.id(message)
                    + " it was not running; killing it");
            slot.process.destroyForcibly();
            return;
        }
        slot.current = null;
        slot.state = State.IDLE;
        if (!job.future().isDone()) {
            try {
                Object body = Messages.body(message);
                if (Messages.type(message) == Messages.RESULT) {
                    job.future().setResult(body);
                } else {
                    job.future().setException(RemoteFailures.rebuild((Messages.Failure) body, slot));
                }
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                job.future().setException(new BrokenResourceException("the outcome of a task from "
                        + slot.describe() + " cannot be deserialised here: " + e, e));
            }
        }
        dispatch();
    }

    /** The connection of {@code slot}'s worker is gone: the process should follow; make sure it does. */
    public void disconnected(WorkerSlot slot) {
        Process process = slot.process;
        if (process != null && process.isAlive()) {
            loop.callLater(options.stopTimeout(), () -> {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            });
        }
    }

    private void exited(WorkerSlot slot, Process process) {
        if (slot.process != process) {
            return;
        }
        boolean hadConnected = slot.connection != null;
        if (slot.connection != null) {
            slot.connection.transport().abort();
            slot.connection = null;
        }
        slot.process = null;
        slot.state = State.STOPPED;
        String death = "pool worker " + slot.index + " (pid " + process.pid() + ") died with exit code "
                + describeExit(process.exitValue());
        Job job = slot.current;
        slot.current = null;
        if (job != null && !job.future().isDone()) {
            job.future().setException(new BrokenResourceException(death + " while running the task"));
        }
        if (state == PoolState.CLOSED || (state == PoolState.SHUTTING_DOWN && queue.isEmpty())) {
            checkStopped();
            return;
        }
        if (!hadConnected && ++slot.failedStarts >= (state == PoolState.STARTING ? 1 : MAX_FAILED_STARTS)) {
            startFailed(slot, new BrokenResourceException(death + " before it connected to the pool"));
            return;
        }
        spawn(slot);
    }

    private static String describeExit(int code) {
        return code > 128 ? code + " (signal " + (code - 128) + ")" : Integer.toString(code);
    }

    private void startFailed(WorkerSlot slot, BrokenResourceException error) {
        if (!ready.isDone()) {
            ready.setException(error);
            return;
        }
        for (Job job; (job = queue.poll()) != null; ) {
            job.future().setException(new BrokenResourceException("the process pool broke: " + error.getMessage(),
                    error));
        }
        shutdownNow();
    }

    private void cancelled(Job job) {
        if (queue.remove(job)) {
            return;
        }
        for (WorkerSlot slot : slots) {
            if (slot.current == job && slot.connection != null) {
                slot.connection.sendFrame(Messages.encode(Buffers.allocator(), Messages.CANCEL, job.id()));
            }
        }
    }

    /** Gives queued tasks to idle workers; during a shutdown, closes idle workers once the queue is empty. */
    private void dispatch() {
        for (WorkerSlot slot : slots) {
            if (slot.state != State.IDLE) {
                continue;
            }
            Job job = queue.poll();
            if (job != null) {
                slot.state = State.BUSY;
                slot.current = job;
                byte[] task = job.task();
                slot.connection.sendFrame(Buffers.allocator().buffer(Messages.HEADER + task.length)
                        .writeByte(Messages.TASK).writeLong(job.id()).writeBytes(task));
            } else if (state == PoolState.SHUTTING_DOWN) {
                slot.connection.transport().close();
            }
        }
        if (state == PoolState.SHUTTING_DOWN) {
            checkStopped();
        }
    }

    private void checkStopped() {
        for (WorkerSlot slot : slots) {
            if (slot.state != State.STOPPED) {
                return;
            }
        }
        if (stopped.isDone()) {
            return;
        }
        state = PoolState.CLOSED;
        if (server != null) {
            server.close();
        }
        try {
            if (directory != null) {
                Files.deleteIfExists(directory.resolve("pool.sock"));
                Files.deleteIfExists(directory);
            }
        } catch (IOException e) {
            System.err.println("corio pool: cannot remove " + directory + ": " + e);
        }
        stopped.setResult(null);
    }

    @Override
    public String toString() {
        return "ProcessPoolExecutor[workers=" + slots.length + ", state=" + state + ", queued=" + queue.size()
                + ", pids=" + pids() + "]";
    }
}
