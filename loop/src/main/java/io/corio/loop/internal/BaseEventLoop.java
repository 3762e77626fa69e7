package io.corio.loop.internal;

import io.corio.loop.CancelledException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.Clock;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.ExceptionHandler;
import io.corio.loop.Future;
import io.corio.loop.Handle;
import io.corio.loop.InvalidStateException;
import io.corio.loop.LoopExecutors;
import io.corio.loop.LoopStats;
import io.corio.loop.Signal;
import io.corio.loop.Task;
import io.corio.loop.TaskExecutor;
import io.corio.loop.TimerHandle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The portable part of a loop: the ready queue, timers, the cross-thread queue, tasks, errors and debug mode.
 * Subclasses supply I/O through two hooks, {@link #pollIo(long)} and {@link #wakeup()}, and the channel
 * registration methods.
 *
 * <p>{@link #runOnce()} is the only place where callbacks are called.
 */
public abstract class BaseEventLoop implements EventLoop {
    static final System.Logger LOG = System.getLogger("io.corio.loop");
    private static final ThreadLocal<BaseEventLoop> RUNNING = new ThreadLocal<>();
    private static final AtomicLong TASK_IDS = new AtomicLong();
    private static final long DEFAULT_SLOW_CALLBACK_NANOS = 100_000_000L;
    private static final long CLOSE_UNWIND_NANOS = 1_000_000_000L;

    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(BaseEventLoop.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final Clock clock;
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>(256);
    private final TimerHeap timers = new TimerHeap();
    private long timerSeq;
    private final ConcurrentLinkedQueue<Runnable> crossThread = new ConcurrentLinkedQueue<>();
    @SuppressWarnings("unused") // accessed through SLEEPING
    private volatile boolean sleeping;

    private volatile Thread owner;
    private volatile boolean running;
    private volatile boolean closed;
    private boolean stopping;

    boolean debug;
    private long slowCallbackNanos = DEFAULT_SLOW_CALLBACK_NANOS;
    private DebugMonitor monitor;
    private ExceptionHandler exceptionHandler;
    private Executor defaultExecutor;

    private final Set<CoroutineTask<?>> pendingTasks = new HashSet<>();
    CoroutineTask<?> currentTask;
    /** Work running on other threads whose outcome will come back through the cross-thread queue. */
    protected final AtomicInteger externalPending = new AtomicInteger();
    private List<Runnable> closeHooks;

    private long iterations;
    private long callbacks;

    protected BaseEventLoop(Clock clock) {
        VirtualThreads.check();
        this.clock = clock;
        this.owner = Thread.currentThread();
        this.debug = debugRequested();
    }

    private static boolean debugRequested() {
        return debugRequested(System.getProperty("corio.debug"), System.getenv("CORIO_DEBUG"));
    }

    /**
     * Whether debug mode is asked for by the values of the system property {@code corio.debug} ("true") and the
     * environment variable {@code CORIO_DEBUG} (anything but empty, "0" and "false"); either may be null.
     */
    public static boolean debugRequested(String property, String env) {
        return "true".equalsIgnoreCase(property)
                || (env != null && !env.isEmpty() && !env.equals("0") && !env.equalsIgnoreCase("false"));
    }

    /** The loop running on the current platform thread, or null. */
    static BaseEventLoop runningOnThisThread() {
        return RUNNING.get();
    }

    // ------------------------------------------------------------------------------------- I/O hooks

    /**
     * Waits for I/O for at most {@code timeoutNanos} (0: do not wait; negative: wait until woken) and queues the
     * callbacks of ready channels with {@link #addReady}. Returns the number of channels found ready. Returns early
     * when {@link #wakeup()} is called. Loop thread.
     */
    protected abstract int pollIo(long timeoutNanos);

    /** Makes a blocked or the next {@link #pollIo} return at once. Any thread. */
    protected abstract void wakeup();

    /** Releases I/O resources at close. */
    protected abstract void closeIo();

    protected final void addReady(Runnable callback) {
        ready.addLast(callback);
    }

    // ---------------------------------------------------------------------------------------- scheduling

    @Override
    public long time() {
        return clock.nanoTime();
    }

    @Override
    public Handle callSoon(Runnable callback) {
        if (debug) {
            checkThread();
        }
        checkOpen();
        ReadyHandle h = ReadyHandle.create(callback, debug);
        ready.addLast(h);
        return h;
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        checkOpen();
        ReadyHandle h = ReadyHandle.create(callback, debug);
        submitFromAnyThread(h);
        return h;
    }

    private void submitFromAnyThread(Runnable r) {
        crossThread.offer(r);
        if ((boolean) SLEEPING.getVolatile(this) && SLEEPING.compareAndSet(this, true, false)) {
            wakeup();
        }
    }

    @Override
    public TimerHandle callLater(Duration delay, Runnable callback) {
        long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
        return callAt(saturatedAdd(clock.nanoTime(), nanos), callback);
    }

    @Override
    public TimerHandle callAt(long when, Runnable callback) {
        if (debug) {
            checkThread();
        }
        checkOpen();
        long seq = timerSeq++;
        Timer t = debug ? new Timer.WithSite(this, when, seq, callback, Traced.capture())
                : new Timer(this, when, seq, callback);
        timers.add(t);
        return t;
    }

    void timerCancelled() {
        timers.timerCancelled();
    }

    /** Queues a task step: directly when on the loop thread, otherwise through the cross-thread queue. */
    final void scheduleStep(CoroutineTask<?> task) {
        if (closed) {
            return;  // the loop is gone; the coroutine stays parked and is reported by close()
        }
        task.queued = true;
        if (onLoopThread()) {
            ready.addLast(task);
        } else {
            submitFromAnyThread(task);
        }
    }

    // --------------------------------------------------------------------------------------------- runOnce

    /** One iteration: poll I/O, collect due timers and cross-thread submissions, run what was ready. */
    protected final void runOnce() {
        iterations++;
        Timer top;
        while ((top = timers.peek()) != null && top.isCancelled()) {
            timers.poll();
        }
        long timeout;
        if (!ready.isEmpty() || stopping) {
            timeout = 0;
        } else if (top != null) {
            timeout = Math.max(0, top.when - clock.nanoTime());
        } else {
            timeout = -1;
        }
        if (timeout != 0) {
            // Dekker with submitFromAnyThread: either we see its item here or it sees SLEEPING and wakes us
            SLEEPING.setVolatile(this, true);
            if (!crossThread.isEmpty()) {
                timeout = 0;
                SLEEPING.setOpaque(this, false);
            }
        }
        pollIo(timeout);
        if (timeout != 0) {
            SLEEPING.setOpaque(this, false);
        }
        Runnable r;
        while ((r = crossThread.poll()) != null) {
            ready.addLast(r);
        }
        if (!timers.isEmpty()) {
            long now = clock.nanoTime();
            while ((top = timers.peek()) != null && top.when <= now) {
                timers.poll();
                if (!top.isCancelled()) {
                    ready.addLast(top);
                }
            }
        }
        DebugMonitor m = monitor;
        for (int n = ready.size(); n > 0; n--) {
            r = ready.pollFirst();
            callbacks++;
            if (m == null) {
                try {
                    r.run();
                } catch (Throwable t) {
                    callbackFailed(r, t);
                }
            } else {
                m.beforeCallback(r, currentTaskOf(r));
                try {
                    r.run();
                } catch (Throwable t) {
                    callbackFailed(r, t);
                } finally {
                    m.afterCallback(r);
                }
            }
        }
    }

    private static Thread currentTaskOf(Runnable r) {
        return r instanceof CoroutineTask<?> t ? t.thread : null;
    }

    private void callbackFailed(Runnable r, Throwable t) {
        callExceptionHandler(ErrorContext.of("Exception in callback " + r, t, r));
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
    }

    /** True if nothing is ready, due or submitted: the loop would block in its next poll. */
    protected final boolean isIdle() {
        return ready.isEmpty() && crossThread.isEmpty();
    }

    /** The due time of the earliest live timer, or {@code Long.MAX_VALUE} if there is none. */
    protected final long nextTimerDue() {
        Timer top;
        while ((top = timers.peek()) != null && top.isCancelled()) {
            timers.poll();
        }
        return top == null ? Long.MAX_VALUE : top.when;
    }

    // --------------------------------------------------------------------------------------------- running

    @Override
    public void runForever() {
        enterRun();
        try {
            do {
                runOnce();
                if (owner.isInterrupted()) {   // else the selector returns at once, for ever: a busy spin
                    throw new CancelledException("the thread running " + this + " was interrupted; the loop "
                            + "stopped");
                }
            } while (!stopping);
        } finally {
            exitRun();
        }
    }

    /** Marks the loop as running on the calling thread; pair with {@link #exitRun()}. */
    protected final void enterRun() {
        if (closed) {
            throw new InvalidStateException("the event loop is closed");
        }
        if (running) {
            throw new InvalidStateException("the event loop is already running (on " + owner.getName() + ")");
        }
        Thread me = Thread.currentThread();
        if (me.isVirtual()) {
            throw new InvalidStateException("an event loop must run on a platform thread, not a virtual thread: "
                    + "its coroutines use the loop thread as their carrier");
        }
        BaseEventLoop other = RUNNING.get();
        if (other != null) {
            throw new InvalidStateException("cannot run an event loop while another one runs on this thread: "
                    + other);
        }
        owner = me;
        running = true;
        RUNNING.set(this);
        if (debug && monitor == null) {
            monitor = new DebugMonitor(this, me, slowCallbackNanos);
        }
    }

    protected final void exitRun() {
        stopping = false;
        running = false;
        RUNNING.remove();
    }

    @Override
    public <T> T runUntilComplete(Future<T> future) {
        if (future.loop() != this) {
            throw new InvalidStateException("the future belongs to another loop: " + future);
        }
        Consumer<Future<T>> stopWhenDone = f -> stop();
        future.addDoneCallback(stopWhenDone);
        try {
            runForever();
        } finally {
            future.removeDoneCallback(stopWhenDone);
        }
        if (!future.isDone()) {
            throw new InvalidStateException("the event loop stopped before the future completed: " + future);
        }
        return future.result();
    }

    @Override
    public <T> T runUntilComplete(Callable<T> body) {
        return runUntilComplete(createTask(body));
    }

    @Override
    public void stop() {
        if (debug) {
            checkThread();
        }
        stopping = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (running) {
            throw new InvalidStateException("cannot close a running event loop; stop it first");
        }
        if (closed) {
            return;
        }
        if (!pendingTasks.isEmpty()) {
            unwindPendingTasks();
        }
        closed = true;
        ready.clear();
        timers.clear();
        crossThread.clear();
        SignalDispatcher.removeAll(this);
        if (monitor != null) {
            monitor.stop();
            monitor = null;
        }
        closeIo();
        runCloseHooks();
    }

    /**
     * Runs {@code hook} once when this loop closes, after its callbacks are dropped and its selector is released
     * (the transports module releases its per-loop buffers there). Loop thread, or before the loop runs.
     */
    public final void addCloseHook(Runnable hook) {
        if (closeHooks == null) {
            closeHooks = new ArrayList<>(2);
        }
        closeHooks.add(hook);
    }

    private void runCloseHooks() {
        if (closeHooks == null) {
            return;
        }
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a close hook failed", e);
            }
        }
        closeHooks = null;
    }

    /** Reports each pending task, cancels them all and runs the loop until they end (bounded). */
    private void unwindPendingTasks() {
        for (CoroutineTask<?> t : new ArrayList<>(pendingTasks)) {
            callExceptionHandler(ErrorContext.of("Task was pending when the loop closed: " + t
                    + "; it is cancelled now (use EventLoop.run, or cancel tasks before close)", null, t));
        }
        if (RUNNING.get() == null) {  // close() from another loop's thread cannot run this one
            cancelAndDrain(CLOSE_UNWIND_NANOS);
        }
        for (CoroutineTask<?> t : new ArrayList<>(pendingTasks)) {
            callExceptionHandler(ErrorContext.of("Task ignored its cancellation at close and is abandoned: " + t,
                    null, t));
        }
    }

    /** Cancels every pending task and runs iterations until none is pending or {@code budgetNanos} passed. */
    protected final void cancelAndDrain(long budgetNanos) {
        for (CoroutineTask<?> t : new ArrayList<>(pendingTasks)) {
            t.cancel("event loop shutting down");
        }
        long deadline = SystemClock.INSTANCE.nanoTime() + budgetNanos;
        enterRun();
        try {
            TimerHandle guard = callAt(saturatedAdd(clock.nanoTime(), budgetNanos), () -> { });
            while ((!pendingTasks.isEmpty() || !ready.isEmpty()) && SystemClock.INSTANCE.nanoTime() - deadline < 0) {
                runOnce();
            }
            guard.cancel();
        } finally {
            exitRun();
        }
    }

    /** {@link EventLoop#run}: the task, then cleanup of what it left. */
    protected final <T> T runMainTask(Callable<T> main) {
        try {
            return runUntilComplete(createTask(main, "main"));
        } finally {
            try {
                if (!pendingTasks.isEmpty()) {
                    cancelAndDrain(CLOSE_UNWIND_NANOS);
                }
            } finally {
                close();
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- tasks

    @Override
    public <T> Future<T> createFuture() {
        if (debug) {
            checkThread();
        }
        return new LoopFuture<>(this);
    }

    @Override
    public <T> Task<T> createTask(Callable<T> body) {
        return createTask(body, null);
    }

    @Override
    public <T> Task<T> createTask(Callable<T> body, String name) {
        if (debug) {
            checkThread();
        }
        checkOpen();
        if (body == null) {
            throw new NullPointerException("body");
        }
        var task = new CoroutineTask<>(this, body, TASK_IDS.incrementAndGet(), name);
        pendingTasks.add(task);
        task.start();
        return task;
    }

    void taskFinished(CoroutineTask<?> task) {
        pendingTasks.remove(task);
    }

    @Override
    public Set<Task<?>> allTasks() {
        return Set.copyOf(pendingTasks);
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> body) {
        var result = new CompletableFuture<T>();
        callSoonThreadsafe(() -> {
            if (result.isDone()) {
                return;  // cancelled before it started
            }
            Task<T> task = createTask(body);
            Bridges.forward(task, result);
        });
        return result;
    }

    // ---------------------------------------------------------------------------------------------- errors

    @Override
    public ExceptionHandler exceptionHandler() {
        return exceptionHandler != null ? exceptionHandler : BaseEventLoop::logError;
    }

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    @Override
    public void callExceptionHandler(ErrorContext context) {
        try {
            exceptionHandler().handle(this, context);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "Exception handler of " + this + " failed on: "
                    + context.describe(), t);
        }
    }

    private static void logError(EventLoop loop, ErrorContext context) {
        LOG.log(System.Logger.Level.ERROR, context.describe(), context.exception());
    }

    // ----------------------------------------------------------------------------------------------- debug

    @Override
    public boolean isDebug() {
        return debug;
    }

    @Override
    public void setDebug(boolean debug) {
        this.debug = debug;
        if (debug && running && monitor == null) {
            monitor = new DebugMonitor(this, owner, slowCallbackNanos);
        } else if (!debug && monitor != null) {
            monitor.stop();
            monitor = null;
        }
    }

    @Override
    public Duration slowCallbackDuration() {
        return Duration.ofNanos(slowCallbackNanos);
    }

    @Override
    public void setSlowCallbackDuration(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("slow callback duration must be > 0, got " + duration);
        }
        slowCallbackNanos = saturatedNanos(duration);
        if (monitor != null) {
            monitor.setThreshold(slowCallbackNanos);
        }
    }

    @Override
    public LoopStats stats() {
        DebugMonitor m = monitor;
        return new LoopStats(iterations, callbacks, m == null ? 0 : m.slowCallbacks(), pendingTasks.size());
    }

    /**
     * In debug mode, loop-confined operations call this: the loop's thread or one of its coroutines only. Public
     * for the transports module (an internal package), which guards its own loop-confined methods the same way.
     *
     * @throws WrongThreadException if the loop is running on another thread
     */
    public final void checkThread() {
        if (running && !onLoopThread()) {
            throw new WrongThreadException("non-thread-safe operation on " + this + " from thread "
                    + Thread.currentThread() + "; the loop runs on " + owner
                    + ". Use callSoonThreadsafe or submit to cross threads.");
        }
    }

    /** True on the loop's thread, including in one of its coroutines (mounted on that thread). */
    final boolean onLoopThread() {
        Thread me = Thread.currentThread();
        if (me == owner) {
            return true;
        }
        CoroutineTask<?> t = currentTask;
        return t != null && t.thread == me;
    }

    protected final void checkOpen() {
        if (closed) {
            throw new ClosedResourceException("the event loop is closed");
        }
    }

    // ------------------------------------------------------------------------------------------- executors

    @Override
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> work) {
        if (debug) {
            checkThread();
        }
        checkOpen();
        Executor target = executor != null ? executor : defaultExecutor != null ? defaultExecutor
                : LoopExecutors.blocking();
        if (target instanceof TaskExecutor tasks) {
            return tasks.submit(this, work);
        }
        return Bridges.runIn(this, target, work);
    }

    @Override
    public void setDefaultExecutor(Executor executor) {
        this.defaultExecutor = executor;
    }

    // --------------------------------------------------------------------------------------------- signals

    @Override
    public void addSignalHandler(Signal signal, Runnable callback) {
        if (debug) {
            checkThread();
        }
        checkOpen();
        SignalDispatcher.add(this, signal, callback);
    }

    @Override
    public boolean removeSignalHandler(Signal signal) {
        return SignalDispatcher.remove(this, signal);
    }

    // ------------------------------------------------------------------------------------------------ util

    @Override
    public String toString() {
        var sb = new StringBuilder(getClass().getSimpleName()).append('[');
        sb.append(closed ? "closed" : running ? "running" : "idle");
        if (debug) {
            sb.append(", debug");
        }
        if (!ready.isEmpty()) {
            sb.append(", ready=").append(ready.size());
        }
        if (!timers.isEmpty()) {
            sb.append(", timers=").append(timers.size());
        }
        if (!pendingTasks.isEmpty()) {
            sb.append(", tasks=").append(pendingTasks.size());
        }
        return sb.append(']').toString();
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
