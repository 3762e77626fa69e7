package io.corio.loop.internal;

import io.corio.loop.CancelledException;
import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * A coroutine: a virtual thread whose scheduler is this object. The JDK hands {@link #execute} the thread's
 * continuation each time the thread becomes runnable (start, unpark, yield); the task queues itself on its loop,
 * and the loop's {@link #run()} of it mounts the thread on the loop thread until it parks again.
 *
 * <p>At most one continuation submission is outstanding at a time (the JDK's virtual thread state machine
 * guarantees it), so the task object itself is the ready-queue entry: no allocation per step.
 *
 * <p>All fields except {@code continuation} are touched on the loop thread only (the coroutine's own code runs
 * there too, mounted).
 */
public final class CoroutineTask<T> extends LoopFuture<T> implements Task<T>, Executor, Runnable,
        LoopFuture.Waiter, Thread.UncaughtExceptionHandler {

    private final Callable<T> body;
    final long id;
    private final String name;
    final Thread thread;
    private volatile Runnable continuation;  // set by the first execute(), which thread.start() makes

    private LoopFuture<?> waitingOn;  // the loop-local future the coroutine is parked on
    private boolean awaiting;         // parked in a Corio await (local or on another loop's future)
    boolean queued;                   // on the ready queue or the cross-thread queue
    private boolean started;
    private int cancelRequests;
    private boolean mustCancel;       // deliver CancelledException at the next resumption
    private String cancelMessage;
    private Throwable injected;       // a task group's failure, delivered instead of the cancellation

    CoroutineTask(BaseEventLoop loop, Callable<T> body, long id, String name) {
        super(loop);
        this.body = body;
        this.id = id;
        this.name = name;
        this.thread = VirtualThreads.newThread(this, this,
                name == null ? "corio-task-" + id : "corio-task-" + id + ":" + name, this::runBody);
    }

    /**
     * The task whose coroutine is running on the current thread, or null. The task is its thread's uncaught
     * exception handler, a field every thread already has: finding it costs two reads and no memory per task (a
     * {@code ScopedValue} binding and its per-thread cache cost ~200 bytes per parked coroutine).
     */
    public static CoroutineTask<?> current() {
        Thread t = Thread.currentThread();
        return t.isVirtual() && t.getUncaughtExceptionHandler() instanceof CoroutineTask<?> task ? task : null;
    }

    /** Not reached: the body catches everything. Reported like a failing callback if it ever is. */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        try {
            loop.callSoonThreadsafe(() -> loop.callExceptionHandler(
                    io.corio.loop.ErrorContext.of("Uncaught exception in coroutine " + this, e, this)));
        } catch (RuntimeException closed) {
            BaseEventLoop.LOG.log(System.Logger.Level.ERROR, "Uncaught exception in coroutine " + this, e);
        }
    }

    void start() {
        thread.start();
    }

    // ------------------------------------------------------------------------------ scheduling (JDK side)

    /**
     * A virtual thread scheduled by this task is runnable. If it is the task's own thread, queue the step on the loop.
     * Otherwise it is a virtual thread that the coroutine started without naming a scheduler (directly, or inside a
     * library's {@code newVirtualThreadPerTaskExecutor()}): the JDK made it inherit this scheduler, but it is not a
     * coroutine, so it runs on the JDK's default scheduler, off the loop. Any thread.
     */
    @Override
    public void execute(Runnable continuation) {
        Runnable own = this.continuation;
        if (own == null) {
            this.continuation = own = continuation;
        }
        if (own == continuation) {
            loop.scheduleStep(this);
        } else {
            VirtualThreads.defaultScheduler().execute(continuation);
        }
    }

    /** One step: mount the coroutine on the loop thread until it parks or ends. Loop thread, from runOnce. */
    @Override
    public void run() {
        queued = false;
        started = true;
        BaseEventLoop l = loop;
        l.currentTask = this;
        try {
            continuation.run();
        } finally {
            l.currentTask = null;
        }
    }

    /** Wakes the coroutine when the future it awaits is done. */
    @Override
    public void futureDone(LoopFuture<?> future) {
        LockSupport.unpark(thread);
    }

    // ------------------------------------------------------------------------------------ the coroutine

    private void runBody() {
        T result = null;
        Throwable failure = null;
        try {
            result = callBody();
        } catch (Throwable t) {
            failure = t;
        }
        loop.taskFinished(this);
        if (failure == null) {
            complete(RESULT, result);
        } else if (failure instanceof CancelledException c) {
            complete(CANCELLED, c.getMessage());
        } else {
            complete(FAILED, failure);
        }
    }

    private T callBody() throws Exception {
        if (mustCancel) {
            mustCancel = false;
            throw new CancelledException(cancelMessage);
        }
        return body.call();
    }

    /** {@code future.await()} inside this task, for a future of the same loop. Runs in the coroutine. */
    <R> R awaitOn(LoopFuture<R> future) {
        if (future == this) {
            throw new InvalidStateException("a task cannot await itself: " + this);
        }
        if (mustCancel || injected != null) {
            future.cancel(cancelMessage);
            throw interruption();
        }
        waitingOn = future;
        awaiting = true;
        future.addWaiter(this);
        try {
            while (future.state() == PENDING && !mustCancel && injected == null) {
                LockSupport.park(future);
                if (Thread.interrupted()) {
                    cancel("interrupted");
                }
            }
        } finally {
            awaiting = false;
            waitingOn = null;
        }
        if (future.state() == PENDING) {
            future.removeWaiter(this);
        }
        if (mustCancel || injected != null) {
            throw interruption();
        }
        return future.result();
    }

    /** {@code future.await()} inside this task for a future of another loop; its waiter is already added. */
    <R> R awaitOtherLoop(LoopFuture<R> future) {
        awaiting = true;
        try {
            while (!future.isDone() && !mustCancel && injected == null) {
                LockSupport.park(future);
                if (Thread.interrupted()) {
                    cancel("interrupted");
                }
            }
        } finally {
            awaiting = false;
        }
        if (mustCancel || injected != null) {
            try {
                String message = cancelMessage;
                future.loop.callSoonThreadsafe(() -> future.cancel(message));
            } catch (RuntimeException closed) {
                // the other loop is closed: its future will never complete anyway
            }
            throw interruption();
        }
        return future.result();
    }

    /** {@code Async.sleep(0)}: let every other ready callback run once, then resume. A cancellation point. */
    void yieldStep() {
        if (mustCancel || injected != null) {
            throw interruption();
        }
        Thread.yield();
        if (mustCancel || injected != null) {
            throw interruption();
        }
    }

    /** The exception to throw where a cancellation (or a task group's failure) reaches the coroutine. */
    private RuntimeException interruption() {
        Throwable failure = injected;
        if (failure != null) {
            injected = null;
            uncancel();
            return Sneaky.propagate(failure);
        }
        mustCancel = false;
        return new CancelledException(cancelMessage);
    }

    // ----------------------------------------------------------------------------------- cancellation

    @Override
    public boolean cancel(String message) {
        if (loop.debug) {
            loop.checkThread();
        }
        if (isDone()) {
            return false;
        }
        cancelRequests++;
        cancelMessage = message;
        LoopFuture<?> w = waitingOn;
        if (w != null && w.cancel(message)) {
            return true;  // the awaited future's completion wakes us; its await throws CancelledException
        }
        mustCancel = true;
        if (awaiting) {
            LockSupport.unpark(thread);
        } else if (started && !queued && loop.currentTask != this) {
            thread.interrupt();  // parked in a blocking JDK call (Thread.sleep, a java.net socket, ...)
        }
        return true;
    }

    /**
     * Delivers {@code failure} to the coroutine at its current suspension point instead of a cancellation; used by
     * a task group whose child failed while the group's body was awaiting something else.
     */
    void interruptWith(Throwable failure) {
        if (isDone() || injected != null) {
            return;
        }
        injected = failure;
        cancel("task group failed: " + failure);
    }

    /** Takes back a failure sent with {@link #interruptWith} that has not been delivered yet. */
    boolean withdrawInjected(Throwable failure) {
        if (injected != failure) {
            return false;
        }
        injected = null;
        uncancel();
        return true;
    }

    @Override
    public int cancelling() {
        return cancelRequests;
    }

    @Override
    public int uncancel() {
        if (cancelRequests > 0 && --cancelRequests == 0) {
            mustCancel = false;
        }
        return cancelRequests;
    }

    // ------------------------------------------------------------------------------------------ the rest

    @Override
    public void setResult(T result) {
        throw new InvalidStateException("a task completes by returning from its body; setResult is not for tasks");
    }

    @Override
    public void setException(Throwable exception) {
        throw new InvalidStateException("a task completes by throwing from its body; setException is not for tasks");
    }

    @Override
    public String name() {
        return name == null ? "Task-" + id : name;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("Task[").append(name()).append(", ").append(describeState());
        if (!isDone()) {
            if (waitingOn != null) {
                sb.append(", awaiting ").append(waitingOn);
            }
            if (cancelRequests > 0) {
                sb.append(", cancelling=").append(cancelRequests);
            }
        }
        return sb.append(']').toString();
    }
}
