package io.corio.protocols.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/** A future of the loop that follows another through a mapping, with cancellation passed both ways. */
public final class Chained {
    private Chained() {
    }

    /**
     * Completes with {@code map(source's result)}, or as {@code source} failed or was cancelled; cancelling the
     * returned future cancels {@code source}. If the returned future was already done (cancelled) when
     * {@code source} succeeds, {@code abandoned} receives the result nobody will use (null: ignore it).
     */
    public static <T, R> Future<R> map(EventLoop loop, Future<T> source, Function<T, R> map,
                                       Consumer<T> abandoned) {
        Future<R> result = loop.createFuture();
        source.addDoneCallback(done -> {
            if (result.isDone()) {
                if (abandoned != null && !done.isCancelled() && done.exception() == null) {
                    abandoned.accept(done.result());
                }
                return;
            }
            if (done.isCancelled()) {
                result.cancel();
            } else if (done.exception() != null) {
                result.setException(done.exception());
            } else {
                result.setResult(map.apply(done.result()));
            }
        });
        result.addDoneCallback(r -> {
            if (r.isCancelled()) {
                source.cancel();
            }
        });
        return result;
    }
}
