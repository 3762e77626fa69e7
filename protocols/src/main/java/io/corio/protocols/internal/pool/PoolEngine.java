package io.corio.protocols.internal.pool;

import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.LoopExecutors;
import io.corio.protocols.FramedProtocol;
import io.corio.protocols.LengthPrefixedCodec;
import io.corio.protocols.ProcessPoolOptions;
import io.corio.protocols.internal.pool.WorkerSlot.Job;
import io.corio.protocols.internal.pool.WorkerSlot.State;
import io.corio.transports.Buffers;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The process pool's machinery behind {@code ProcessPoolExecutor} (loop thread only): the socket, the worker
 * places, the queue, starting and restarting workers, dispatching tasks and taking their outcomes.
 */
public final class PoolEngine {
    /** True when a {@code nice} command is on the {@code PATH}; without it workers run at the parent's priority. */
    private static final boolean NICE_AVAILABLE = java.util.Arrays
            .stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "nice")));
    private static final List<String> CORIO_JVM_FLAGS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    private static final int MAX_FAILED_STARTS = 3;

    /** STARTING → RUNNING → SHUTTING_DOWN → CLOSED; any → CLOSED on shutdownNow. */
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

    public PoolEngine(EventLoop loop, int workers, ProcessPoolOptions options) {
        this.loop = loop;
        this.options = options;
        this.slots = new WorkerSlot[workers];
        for (int i = 0; i < workers; i++) {
            slots[i] = new WorkerSlot(i);
        }
        this.ready = loop.createFuture();
        this.stopped = loop.createFuture();
    }

    public void open() throws IOException {
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

    public int maxMessageLength() {
        return options.maxMessageLength();
    }

    /** False once a shutdown began: new tasks are refused. */
    public boolean accepting() {
        return state == PoolState.STARTING || state == PoolState.RUNNING;
    }

    /** Queues a serialised task for the next idle worker; the future completes with its outcome. */
    public Future<Object> enqueue(byte[] task) {
        Future<Object> future = loop.createFuture();
        var job = new Job(++nextId, task, future);
        future.addDoneCallback(f -> {
            if (f.isCancelled()) {
                cancelled(job);
            }
        });
        queue.add(job);
        dispatch();
        return future;
    }

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

    private void spawn(WorkerSlot slot) {
        slot.state = State.STARTING;
        slot.connection = null;
        var command = new ArrayList<String>();
        if (options.niceness() > 0 && NICE_AVAILABLE) {
            command.addAll(List.of("nice", "-n", Integer.toString(options.niceness())));  // nice execs: same pid
        }
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
                if (state == PoolState.CLOSED) {
                    checkStopped();
                    return;
                }
                startFailed(slot, new BrokenResourceException("cannot start pool worker " + slot.index + ": "
                        + f.exception(), f.exception()));
                return;
            }
            Process process = f.result();
            closeQuietly(process);
            slot.process = process;
            Future.of(loop, process.onExit()).addDoneCallback(exit -> exited(slot, process));
            if (state == PoolState.CLOSED) {
                process.destroyForcibly();
            } else {
                loop.callLater(options.startTimeout(), () -> {
                    if (slot.process == process && slot.connection == null) {
                        report("corio pool: " + slot.describe() + " did not connect within "
                                + options.startTimeout() + "; killing it", null);
                        process.destroyForcibly();
                    }
                });
            }
        });
    }

    /** The worker's stdin is a pipe nobody writes to: close it at once (the worker then reads EOF from it). */
    private void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            report("corio pool: cannot close the stdin pipe of worker pid " + process.pid(), e);
        }
    }

    /** Something went wrong that no task's future can carry: to the loop's exception handler. */
    void report(String message, Throwable error) {
        loop.callExceptionHandler(ErrorContext.of(message, error, this));
    }

    /** A worker said HELLO with the right token: returns its place, or null when no starting worker has that pid. */
    WorkerSlot connected(long pid, String helloToken, FramedProtocol<ByteBuf> connection) {
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
    void outcome(WorkerSlot slot, ByteBuf message) {
        Job job = slot.current;
        if (job == null || job.id() != Messages.id(message)) {
            report("corio pool: " + slot.describe() + " answered task " + Messages.id(message)
                    + " it was not running; killing it", null);
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
    void disconnected(WorkerSlot slot) {
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
            report("corio pool: cannot remove " + directory, e);
        }
        stopped.setResult(null);
    }

    /** "RUNNING, queued=3", for the pool's {@code toString}. */
    public String describe() {
        return state + ", queued=" + queue.size();
    }

    @Override
    public String toString() {
        return "ProcessPool[workers=" + slots.length + ", " + describe() + "]";
    }
}
