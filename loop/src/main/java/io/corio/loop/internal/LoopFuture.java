package io.corio.loop.internal;

import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The loop's future. Listeners are user callbacks (scheduled with {@code callSoon} on completion) or internal
 * {@link Waiter}s (called inline on completion: a task waking up, a combinator). Both kinds keep their order.
 *
 * <p>{@code state} is published with release/acquire so that {@link #isDone()} and a foreign {@link #await()}
 * read a completed future correctly from any thread; everything else is loop-confined.
 */
public class LoopFuture<T> implements Future<T>, Traced {
    static final byte PENDING = 0;
    static final byte RESULT = 1;
    static final byte FAILED = 2;
    static final byte CANCELLED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LoopFuture.class, "state", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Something that wants to know, inline and on the loop thread, that a future is done. */
    public interface Waiter {
        void futureDone(LoopFuture<?> future);
    }

    final BaseEventLoop loop;
    @SuppressWarnings("unused") // accessed through STATE
    private byte state;
    private Object value;           // the result, the exception, or the cancel message
    private Object listeners;       // null, one listener, or an ArrayList of them
    private Unretrieved tracker;    // set when failed, until the exception is retrieved
    private final List<StackTraceElement> createdAt;

    public LoopFuture(BaseEventLoop loop) {
        this.loop = loop;
        this.createdAt = loop.debug ? Traced.capture() : null;
    }

    // ------------------------------------------------------------------------------------------------ state

    final int state() {
        return (byte) STATE.getAcquire(this);
    }

    @Override
    public final boolean isDone() {
        return state() != PENDING;
    }

    @Override
    public final boolean isCancelled() {
        return state() == CANCELLED;
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public List<StackTraceElement> createdAt() {
        return createdAt == null ? List.of() : createdAt;
    }

    @Override
    public T result() {
        switch (state()) {
            case RESULT -> {
                @SuppressWarnings("unchecked") T r = (T) value;
                return r;
            }
            case FAILED -> {
                markRetrieved();
                throw Sneaky.propagate((Throwable) value);
            }
            case CANCELLED -> throw cancelledException();
            default -> throw new InvalidStateException("result() called on a pending future: " + this);
        }
    }

    @Override
    public Throwable exception() {
        switch (state()) {
            case RESULT -> {
                return null;
            }
            case FAILED -> {
                markRetrieved();
                return (Throwable) value;
            }
            case CANCELLED -> throw cancelledException();
            default -> throw new InvalidStateException("exception() called on a pending future: " + this);
        }
    }

    /** The exception without marking it retrieved (for reports); null unless failed. */
    final Throwable peekException() {
        return state() == FAILED ? (Throwable) value : null;
    }

    final CancelledException cancelledException() {
        return new CancelledException((String) value);
    }

    private void markRetrieved() {
        Unretrieved t = tracker;
        if (t != null) {
            tracker = null;
            t.retrieved();
        }
    }

    // ------------------------------------------------------------------------------------------- completion

    @Override
    public void setResult(T result) {
        if (loop.debug) {
            loop.checkThread();
        }
        if (!complete(RESULT, result)) {
            throw new InvalidStateException("setResult on a future that is already done: " + this);
        }
    }

    @Override
    public void setException(Throwable exception) {
        if (loop.debug) {
            loop.checkThread();
        }
        if (exception instanceof CancelledException) {
            throw new IllegalArgumentException("a future cannot fail with CancelledException; call cancel()");
        }
        if (!complete(FAILED, exception)) {
            throw new InvalidStateException("setException on a future that is already done: " + this);
        }
    }

    @Override
    public boolean cancel(String message) {
        if (loop.debug) {
            loop.checkThread();
        }
        return complete(CANCELLED, message);
    }

    /** Completes if pending; returns false if already done. The single place where a future changes state. */
    final boolean complete(byte newState, Object newValue) {
        if ((byte) STATE.get(this) != PENDING) {
            return false;
        }
        value = newValue;
        STATE.setRelease(this, newState);
        if (newState == FAILED) {
            tracker = Unretrieved.track(this, loop, (Throwable) newValue);
        }
        Object l = listeners;
        if (l != null) {
            listeners = null;
            if (l instanceof ArrayList<?> list) {
                for (Object each : list) {
                    notifyListener(each);
                }
            } else {
                notifyListener(l);
            }
        }
        return true;
    }

    /** Completes with {@code source}'s outcome (marking its exception retrieved); false if already done. */
    final boolean completeFrom(LoopFuture<?> source) {
        return switch (source.state()) {
            case RESULT -> complete(RESULT, source.value);
            case FAILED -> complete(FAILED, source.exception());
            case CANCELLED -> complete(CANCELLED, source.value);
            default -> throw new InvalidStateException("completeFrom a pending future: " + source);
        };
    }

    /** The loop future behind {@code future}; Corio has no other implementation of {@link Future}. */
    static <T> LoopFuture<T> of(Future<T> future) {
        if (future instanceof LoopFuture<T> f) {
            return f;
        }
        throw new IllegalArgumentException("not a Corio future: " + future);
    }

    private void notifyListener(Object listener) {
        if (listener instanceof Waiter w) {
            w.futureDone(this);
        } else {
            @SuppressWarnings("unchecked") var cb = (Consumer<? super Future<T>>) listener;
            loop.callSoon(new DoneCallback<>(cb, this));
        }
    }

    /** A done callback on its way through {@code callSoon}; named for error reports. */
    private record DoneCallback<T>(Consumer<? super Future<T>> callback, Future<T> future) implements Runnable {
        @Override
        public void run() {
            callback.accept(future);
        }

        @Override
        public String toString() {
            return "done callback " + callback + " of " + future;
        }
    }

    // -------------------------------------------------------------------------------------------- listeners

    @Override
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (loop.debug) {
            loop.checkThread();
        }
        if (callback == null) {
            throw new NullPointerException("callback");
        }
        if (isDone()) {
            loop.callSoon(new DoneCallback<>(callback, this));
        } else {
            addListener(callback);
        }
    }

    @Override
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        if (loop.debug) {
            loop.checkThread();
        }
        return removeListener(callback);
    }

    /** Adds an inline waiter; if already done it is called at once. Loop thread only. */
    public final void addWaiter(Waiter waiter) {
        if (isDone()) {
            waiter.futureDone(this);
        } else {
            addListener(waiter);
        }
    }

    public final void removeWaiter(Waiter waiter) {
        removeListener(waiter);
    }

    @SuppressWarnings("unchecked")
    private void addListener(Object listener) {
        Object l = listeners;
        if (l == null) {
            listeners = listener;
        } else if (l instanceof ArrayList<?> list) {
            ((ArrayList<Object>) list).add(listener);
        } else {
            var list = new ArrayList<>(4);
            list.add(l);
            list.add(listener);
            listeners = list;
        }
    }

    private int removeListener(Object listener) {
        Object l = listeners;
        if (l == null) {
            return 0;
        }
        if (l instanceof ArrayList<?> list) {
            int before = list.size();
            list.removeIf(x -> x.equals(listener));
            int removed = before - list.size();
            if (list.isEmpty()) {
                listeners = null;
            }
            return removed;
        }
        if (l.equals(listener)) {
            listeners = null;
            return 1;
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------- await

    @Override
    public T await() {
        if (isDone()) {
            return result();
        }
        CoroutineTask<?> task = CoroutineTask.current();
        if (task != null && task.loop == loop) {
            return task.awaitOn(this);
        }
        return awaitFromOtherThread(task);
    }

    /**
     * Waits for a future of this loop from a thread that is not running it: a plain thread (blocks), or a
     * task of another loop (parks that task only). The completion listener is added on the owning loop.
     */
    private T awaitFromOtherThread(CoroutineTask<?> task) {
        BaseEventLoop running = BaseEventLoop.runningOnThisThread();
        if (running != null && task == null) {
            throw new IllegalStateException("await() called in a plain callback on the thread of " + running
                    + ": waiting there would block the loop"
                    + (running == loop ? " and the future could never complete" : "")
                    + ". Await inside a task (loop.createTask(...)) or use addDoneCallback.");
        }
        Thread me = Thread.currentThread();
        Waiter wake = f -> LockSupport.unpark(me);
        loop.callSoonThreadsafe(() -> addWaiter(wake));
        if (task != null) {
            return task.awaitOtherLoop(this);
        }
        while (!isDone()) {
            LockSupport.park(this);
            if (Thread.interrupted() && !isDone()) {
                me.interrupt();
                throw new CancelledException("interrupted while awaiting " + this);
            }
        }
        return result();
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        return Bridges.toCompletableFuture(this);
    }

    // ----------------------------------------------------------------------------------------------- report

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describeState() + "]";
    }

    final String describeState() {
        return switch (state()) {
            case RESULT -> "result=" + abbreviate(value);
            case FAILED -> "exception=" + value;
            case CANCELLED -> value == null ? "cancelled" : "cancelled: " + value;
            default -> "pending";
        };
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
