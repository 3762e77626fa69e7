package io.corio.loop.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Debug mode's slow-callback detector. The loop brackets each callback with {@link #beforeCallback} and
 * {@link #afterCallback}; a watchdog thread polls that bracket and, when a callback has run longer than the
 * threshold, captures the stack of the loop thread (or of the coroutine mounted on it) <em>while it is still
 * blocked</em>. When the callback ends, the loop logs its duration with that stack.
 *
 * <p>The bracket is a sequence number (odd while a callback runs) and a start time, both volatile: two volatile
 * writes per callback, paid in debug mode only. Durations are wall-clock time from {@link SystemClock}, whatever
 * clock the loop uses.
 */
final class DebugMonitor {
    private final BaseEventLoop loop;
    private final Thread loopThread;
    private final Thread watchdog;
    private volatile long thresholdNanos;
    private volatile boolean stopped;

    private volatile long seq;            // odd while a callback runs
    private volatile long startedNanos;
    private volatile Thread coroutine;    // the task's virtual thread when the callback is a coroutine step

    private volatile long capturedSeq = -1;
    private volatile StackTraceElement[] captured;
    private long slowCallbacks;

    DebugMonitor(BaseEventLoop loop, Thread loopThread, long thresholdNanos) {
        this.loop = loop;
        this.loopThread = loopThread;
        this.thresholdNanos = thresholdNanos;
        this.watchdog = Thread.ofPlatform().daemon().name("corio-watchdog-" + loopThread.getName())
                .start(this::watch);
    }

    void setThreshold(long nanos) {
        thresholdNanos = nanos;
    }

    long slowCallbacks() {
        return slowCallbacks;
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(watchdog);
    }

    void beforeCallback(Runnable callback, Thread coroutineThread) {
        coroutine = coroutineThread;
        startedNanos = SystemClock.INSTANCE.nanoTime();
        seq = seq + 1;
    }

    void afterCallback(Runnable callback) {
        long s = seq;
        seq = s + 1;
        long elapsed = SystemClock.INSTANCE.nanoTime() - startedNanos;
        if (elapsed < thresholdNanos) {
            return;
        }
        slowCallbacks++;
        StackTraceElement[] stack = capturedSeq == s ? captured : null;
        String what = callback instanceof CoroutineTask<?> t ? "a step of " + t : String.valueOf(callback);
        var report = new SlowCallbackStack("stack of the loop thread captured by the watchdog while it was blocked"
                + (coroutine != null ? " (in the coroutine " + coroutine.getName() + ")" : ""));
        if (stack != null) {
            report.setStackTrace(stack);
        }
        BaseEventLoop.LOG.log(System.Logger.Level.WARNING,
                String.format("Executing %s took %.3f seconds (slow callback threshold %.3f s) on %s",
                        what, elapsed / 1e9, thresholdNanos / 1e9, loop),
                stack != null ? report : null);
    }

    private void watch() {
        while (!stopped) {
            long threshold = thresholdNanos;
            LockSupport.parkNanos(Math.clamp(threshold / 4, 1_000_000L, 25_000_000L));
            long s = seq;
            if ((s & 1) == 0 || capturedSeq == s) {
                continue;
            }
            if (SystemClock.INSTANCE.nanoTime() - startedNanos < threshold) {
                continue;
            }
            Thread target = coroutine != null ? coroutine : loopThread;
            StackTraceElement[] stack = target.getStackTrace();
            if (seq == s) {  // still the same callback: the stack belongs to it
                captured = stack;
                capturedSeq = s;
            }
        }
    }

    /** Carries the captured stack into the log record. */
    static final class SlowCallbackStack extends Throwable {
        SlowCallbackStack(String message) {
            super(message, null, false, true);
        }
    }
}
