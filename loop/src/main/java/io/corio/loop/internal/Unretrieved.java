package io.corio.loop.internal;

import io.corio.loop.ErrorContext;

import java.lang.ref.Cleaner;
import java.util.List;

/**
 * Reports a future's exception that nobody retrieved ({@code result()}, {@code exception()} or {@code await()})
 * once the future is garbage-collected, like asyncio's "exception was never retrieved". The cleaning action holds
 * the loop, the exception and a description, never the future itself.
 */
final class Unretrieved implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon()
            .name("corio-unretrieved-reporter").factory());

    private final BaseEventLoop loop;
    private final Throwable exception;
    private final String description;
    private final List<StackTraceElement> createdAt;
    private volatile boolean retrieved;
    private Cleaner.Cleanable cleanable;

    private Unretrieved(BaseEventLoop loop, Throwable exception, String description,
                        List<StackTraceElement> createdAt) {
        this.loop = loop;
        this.exception = exception;
        this.description = description;
        this.createdAt = createdAt;
    }

    static Unretrieved track(LoopFuture<?> future, BaseEventLoop loop, Throwable exception) {
        String kind = future instanceof CoroutineTask<?> t ? "Task " + t.name() : "Future";
        var tracker = new Unretrieved(loop, exception, kind, future.createdAt());
        tracker.cleanable = CLEANER.register(future, tracker);
        return tracker;
    }

    void retrieved() {
        retrieved = true;
        cleanable.clean();
    }

    @Override
    public void run() {
        if (retrieved) {
            return;
        }
        var context = new ErrorContext(description + " exception was never retrieved", exception, null, null,
                null, createdAt);
        try {
            loop.callSoonThreadsafe(() -> loop.callExceptionHandler(context));
        } catch (RuntimeException closed) {
            BaseEventLoop.LOG.log(System.Logger.Level.ERROR, context.describe(), exception);
        }
    }
}
