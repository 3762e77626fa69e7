package io.corio.loop.internal;

import io.corio.loop.Handle;

import java.util.List;

/** A callback on the ready queue: {@code callSoon}, {@code callSoonThreadsafe}, an I/O readiness callback. */
public class ReadyHandle implements Handle, Runnable {
    private Runnable callback;
    private boolean cancelled;

    ReadyHandle(Runnable callback) {
        this.callback = callback;
    }

    static ReadyHandle create(Runnable callback, boolean traced) {
        return traced ? new WithSite(callback, Traced.capture()) : new ReadyHandle(callback);
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
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return cancelled ? "Handle[cancelled]" : "Handle[" + callback + "]";
    }

    static final class WithSite extends ReadyHandle implements Traced {
        private final List<StackTraceElement> createdAt;

        WithSite(Runnable callback, List<StackTraceElement> createdAt) {
            super(callback);
            this.createdAt = createdAt;
        }

        @Override
        public List<StackTraceElement> createdAt() {
            return createdAt;
        }
    }
}
