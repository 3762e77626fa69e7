package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FutureTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void pendingFutureHasNoResultYet() {
        Future<String> f = loop.createFuture();
        assertThat(f.isDone()).isFalse();
        assertThatThrownBy(f::result).isInstanceOf(InvalidStateException.class).hasMessageContaining("pending");
        assertThatThrownBy(f::exception).isInstanceOf(InvalidStateException.class);
        assertThat(f.toString()).contains("pending");
    }

    @Test
    void resultIsSetOnce() {
        Future<String> f = loop.createFuture();
        f.setResult("a");
        assertThat(f.isDone()).isTrue();
        assertThat(f.result()).isEqualTo("a");
        assertThat(f.exception()).isNull();
        assertThatThrownBy(() -> f.setResult("b")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> f.setException(new IOException())).isInstanceOf(InvalidStateException.class);
        assertThat(f.cancel()).isFalse();
        assertThat(f.result()).isEqualTo("a");
    }

    @Test
    void exceptionIsRethrownUnchangedEvenWhenChecked() {
        Future<String> f = loop.createFuture();
        var io = new IOException("disk");
        f.setException(io);
        assertThat(f.exception()).isSameAs(io);
        assertThatThrownBy(f::result).isSameAs(io);
    }

    @Test
    void aFutureCannotFailWithCancelledException() {
        Future<String> f = loop.createFuture();
        assertThatThrownBy(() -> f.setException(new CancelledException())).isInstanceOf(IllegalArgumentException.class);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void cancelCarriesItsMessage() {
        Future<String> f = loop.createFuture();
        assertThat(f.cancel("no longer needed")).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThatThrownBy(f::result).isInstanceOf(CancelledException.class).hasMessage("no longer needed");
        assertThatThrownBy(f::exception).isInstanceOf(CancelledException.class);
        assertThat(f.cancel()).isFalse();
    }

    @Test
    void doneCallbacksRunThroughTheLoopInOrderNeverInline() {
        Future<Integer> f = loop.createFuture();
        var calls = new ArrayList<String>();
        f.addDoneCallback(x -> calls.add("first " + x.result()));
        f.addDoneCallback(x -> calls.add("second " + x.result()));
        f.setResult(7);
        assertThat(calls).isEmpty();
        loop.runReady();
        assertThat(calls).containsExactly("first 7", "second 7");
        f.addDoneCallback(x -> calls.add("late"));
        assertThat(calls).hasSize(2);
        loop.runReady();
        assertThat(calls).endsWith("late");
    }

    @Test
    void removedCallbackIsNotCalled() {
        Future<Integer> f = loop.createFuture();
        var calls = new ArrayList<String>();
        Consumer<Future<Integer>> cb = x -> calls.add("removed");
        f.addDoneCallback(cb);
        f.addDoneCallback(cb);
        f.addDoneCallback(x -> calls.add("kept"));
        assertThat(f.removeDoneCallback(cb)).isEqualTo(2);
        f.setResult(1);
        loop.runReady();
        assertThat(calls).containsExactly("kept");
    }

    @Test
    void awaitFromAPlainThreadBlocksUntilTheLoopCompletesIt() throws Exception {
        try (var group = LoopGroup.start(1)) {
            EventLoop other = group.next();
            Future<String> f = other.submit(() -> other.<String>createFuture()).get(5, TimeUnit.SECONDS);
            other.callSoonThreadsafe(() -> other.callLater(java.time.Duration.ofMillis(20), () -> f.setResult("x")));
            assertThat(f.await()).isEqualTo("x");
        }
    }

    @Test
    void awaitInAPlainCallbackOnTheLoopThreadIsRefusedWithAdvice() {
        Future<String> f = loop.createFuture();
        var failure = new ArrayList<Throwable>();
        loop.callSoon(() -> {
            try {
                f.await();
            } catch (IllegalStateException e) {
                failure.add(e);
            }
        });
        loop.runReady();
        assertThat(failure).singleElement().asString().contains("plain callback").contains("createTask");
    }

    @Test
    void toCompletableFutureFollowsTheOutcome() throws Exception {
        Future<String> ok = loop.createFuture();
        Future<String> bad = loop.createFuture();
        CompletableFuture<String> okCf = ok.toCompletableFuture();
        CompletableFuture<String> badCf = bad.toCompletableFuture();
        ok.setResult("fine");
        bad.setException(new IOException("nope"));
        loop.runReady();
        assertThat(okCf.get()).isEqualTo("fine");
        assertThatThrownBy(badCf::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheLoopFuture() {
        Future<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();
        cf.cancel(true);
        loop.runReady();
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void futureOfACompletionStageCompletesOnTheLoop() {
        var cf = new CompletableFuture<String>();
        Future<String> f = Future.of(loop, cf);
        Thread.ofPlatform().start(() -> cf.complete("from another thread"));
        assertThat(loop.runUntilComplete(f)).isEqualTo("from another thread");

        var failing = new CompletableFuture<String>();
        Future<String> g = Future.of(loop, failing);
        failing.completeExceptionally(new IOException("remote"));
        assertThatThrownBy(() -> loop.runUntilComplete(g)).isInstanceOf(IOException.class).hasMessage("remote");

        var cancelled = new CompletableFuture<String>();
        Future<String> h = Future.of(loop, cancelled);
        cancelled.cancel(false);
        assertThatThrownBy(() -> loop.runUntilComplete(h)).isInstanceOf(CancellationException.class);
        assertThat(h.isCancelled()).isTrue();
    }

    @Test
    void cancellingTheLoopFutureCancelsTheCompletableFuture() {
        var cf = new CompletableFuture<String>();
        Future<String> f = Future.of(loop, cf);
        f.cancel();
        loop.runReady();
        assertThat(cf.isCancelled()).isTrue();
    }

    @Test
    void futureOfWithoutARunningLoopIsAnError() {
        assertThatThrownBy(() -> Future.of(new CompletableFuture<>())).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("no event loop");
    }
}
