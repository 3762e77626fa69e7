package io.corio.loop.internal;

import io.corio.loop.TimerHandle;

import java.util.List;

/** A timer in the loop's heap. Ordered by due time, then by scheduling order (FIFO for equal times). */
class Timer extends ReadyHandle implements TimerHandle {
    private final BaseEventLoop loop;
    final long when;
    final long seq;
    boolean scheduled;  // in the heap; cancelled timers in the heap are counted by the loop for purging

    Timer(BaseEventLoop loop, long when, long seq, Runnable callback) {
        super(callback);
        this.loop = loop;
        this.when = when;
        this.seq = seq;
    }

    boolean isBefore(Timer other) {
        return when < other.when || (when == other.when && seq < other.seq);
    }

    @Override
    public long when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!isCancelled()) {
            super.cancel();
            if (scheduled) {
                loop.timerCancelled();
            }
        }
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when + ", " + super.toString() + "]";
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
