package io.corio.loop.internal;

import io.corio.loop.TimerHandle;

import java.util.List;

/** A timer in the loop's heap. Ordered by due time, then by scheduling order (FIFO for equal times). */
class Timer implements TimerHandle, Runnable {
    private final BaseEventLoop loop;
    final long when;
    final long seq;
    private Runnable callback;
    private boolean cancelled;
    boolean scheduled;  // in the heap; cancelled timers in the heap are counted by the loop for purging

    Timer(BaseEventLoop loop, long when, long seq, Runnable callback) {
        this.loop = loop;
        this.when = when;
        this.seq = seq;
        this.callback = callback;
    }

    boolean isBefore(Timer other) {
        return when < other.when || (when == other.when && seq < other.seq);
    }

    @Override
    public long when() {
        return when;
    }

    @Override
    public void run() {
        if (!cancelled) {
            callback.run();
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
            if (scheduled) {
                loop.timerCancelled();
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when + (cancelled ? ", cancelled" : ", " + callback) + "]";
    }

    static final class WithSite extends Timer implements Traced {
        private final List<StackTraceElement> createdAt;

        WithSite(BaseEventLoop loop, long when, long seq, Runnable callback, List<StackTraceElement> createdAt) {
            super(loop, when, seq, callback);
            this.createdAt = createdAt;
        }

        @Override
        public List<StackTraceElement> createdAt() {
            return createdAt;
        }
    }
}
