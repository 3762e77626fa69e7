package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopTest {

    @Test
    void callbacksRunInTheOrderTheyWereScheduled() {
        try (var loop = EventLoop.create()) {
            var order = new ArrayList<Integer>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                loop.callSoon(() -> order.add(n));
            }
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(order).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @Test
    void callbacksScheduledByACallbackRunInTheNextIteration() {
        try (var loop = TestLoop.create()) {
            var order = new ArrayList<String>();
            loop.callSoon(() -> {
                order.add("a");
                loop.callSoon(() -> order.add("c"));
            });
            loop.callSoon(() -> order.add("b"));
            loop.runReady();
            assertThat(order).containsExactly("a", "b", "c");
            assertThat(loop.stats().iterations()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void cancelledHandleDoesNotRun() {
        try (var loop = TestLoop.create()) {
            var ran = new ArrayList<String>();
            Handle h = loop.callSoon(() -> ran.add("cancelled"));
            loop.callSoon(() -> ran.add("kept"));
            h.cancel();
            loop.runReady();
            assertThat(ran).containsExactly("kept");
            assertThat(h.isCancelled()).isTrue();
        }
    }

    @Test
    void timersFireInDueOrderAndEqualTimesInSchedulingOrder() {
        try (var loop = TestLoop.create()) {
            var order = new ArrayList<String>();
            loop.callLater(Duration.ofMillis(30), () -> order.add("30ms"));
            long at = loop.time() + Duration.ofMillis(10).toNanos();
            for (int i = 0; i < 4; i++) {
                int n = i;
                loop.callAt(at, () -> order.add("10ms#" + n));
            }
            loop.callLater(Duration.ofMillis(20), () -> order.add("20ms"));
            loop.advance(Duration.ofMillis(25));
            assertThat(order).containsExactly("10ms#0", "10ms#1", "10ms#2", "10ms#3", "20ms");
            loop.advance(Duration.ofMillis(5));
            assertThat(order).endsWith("30ms");
        }
    }

    @Test
    void timerSeesTheClockAtItsDueTime() {
        try (var loop = TestLoop.create()) {
            var seen = new AtomicReference<Long>();
            TimerHandle t = loop.callLater(Duration.ofSeconds(30), () -> seen.set(loop.time()));
            loop.advance(Duration.ofSeconds(31));
            assertThat(seen.get()).isEqualTo(t.when()).isEqualTo(Duration.ofSeconds(30).toNanos());
            assertThat(loop.time()).isEqualTo(Duration.ofSeconds(31).toNanos());
        }
    }

    @Test
    void negativeDelayRunsInTheNextIteration() {
        try (var loop = TestLoop.create()) {
            var ran = new ArrayList<String>();
            loop.callLater(Duration.ofSeconds(-5), () -> ran.add("timer"));
            loop.runReady();
            assertThat(ran).containsExactly("timer");
        }
    }

    @Test
    void cancelledTimerDoesNotFire() {
        try (var loop = TestLoop.create()) {
            var ran = new ArrayList<String>();
            TimerHandle t = loop.callLater(Duration.ofSeconds(1), () -> ran.add("fired"));
            t.cancel();
            loop.advance(Duration.ofSeconds(2));
            assertThat(ran).isEmpty();
            assertThat(t.isCancelled()).isTrue();
        }
    }

    @Test
    void aThrowingCallbackGoesToTheHandlerAndTheLoopGoesOn() {
        try (var loop = TestLoop.create()) {
            var errors = Errors.on(loop);
            var ran = new ArrayList<String>();
            var boom = new IllegalStateException("boom");
            Handle h = loop.callSoon(() -> {
                throw boom;
            });
            loop.callSoon(() -> ran.add("after"));
            loop.runReady();
            assertThat(ran).containsExactly("after");
            assertThat(errors.contexts).hasSize(1);
            ErrorContext c = errors.contexts.getFirst();
            assertThat(c.exception()).isSameAs(boom);
            assertThat(c.message()).startsWith("Exception in callback");
            assertThat(c.source()).isSameAs(h);
        }
    }

    @Test
    void aThrowingExceptionHandlerDoesNotStopTheLoop() {
        try (var loop = TestLoop.create()) {
            loop.setExceptionHandler((l, c) -> {
                throw new IllegalStateException("handler broke");
            });
            var ran = new ArrayList<String>();
            loop.callSoon(() -> {
                throw new IllegalArgumentException("callback broke");
            });
            loop.callSoon(() -> ran.add("after"));
            loop.runReady();
            assertThat(ran).containsExactly("after");
        }
    }

    @Test
    void stopFinishesTheCurrentIteration() {
        try (var loop = EventLoop.create()) {
            var ran = new ArrayList<String>();
            loop.callSoon(() -> {
                ran.add("first");
                loop.stop();
                loop.callSoon(() -> ran.add("next iteration"));
            });
            loop.callSoon(() -> ran.add("same iteration"));
            loop.runForever();
            assertThat(ran).containsExactly("first", "same iteration");
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(ran).containsExactly("first", "same iteration", "next iteration");
        }
    }

    @Test
    void stopBeforeRunForeverRunsOneIteration() {
        try (var loop = EventLoop.create()) {
            var ran = new ArrayList<String>();
            loop.callSoon(() -> ran.add("a"));
            loop.stop();
            loop.runForever();
            assertThat(ran).containsExactly("a");
        }
    }

    @Test
    void runningTwiceOrClosingWhileRunningIsAnError() {
        try (var loop = EventLoop.create()) {
            var errors = new ArrayList<Throwable>();
            loop.callSoon(() -> {
                try {
                    loop.runForever();
                } catch (InvalidStateException e) {
                    errors.add(e);
                }
                try {
                    loop.close();
                } catch (InvalidStateException e) {
                    errors.add(e);
                }
                loop.stop();
            });
            loop.runForever();
            assertThat(errors).hasSize(2);
            assertThat(errors.get(0)).hasMessageContaining("already running");
            assertThat(errors.get(1)).hasMessageContaining("running");
            assertThat(loop.isClosed()).isFalse();
        }
    }

    @Test
    void aLoopRunsOnOneThreadAtATime() throws Exception {
        try (var loop = EventLoop.create()) {
            var inside = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            loop.callSoon(() -> {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                loop.stop();
            });
            Thread runner = Thread.ofPlatform().start(loop::runForever);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(loop.isRunning()).isTrue();
            assertThatThrownBy(loop::runForever).isInstanceOf(InvalidStateException.class)
                    .hasMessageContaining("already running");
            release.countDown();
            runner.join(10_000);
            assertThat(loop.isRunning()).isFalse();
        }
    }

    @Test
    void aClosedLoopRefusesWork() {
        var loop = EventLoop.create();
        loop.close();
        loop.close(); // idempotent
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.callSoon(() -> { })).isInstanceOf(ClosedResourceException.class);
        assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> { })).isInstanceOf(ClosedResourceException.class);
        assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> { }))
                .isInstanceOf(ClosedResourceException.class);
        assertThatThrownBy(() -> loop.createTask(() -> 1)).isInstanceOf(ClosedResourceException.class);
        assertThatThrownBy(loop::runForever).isInstanceOf(InvalidStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aLoopCannotRunOnAVirtualThreadOrInsideAnotherLoop() throws Exception {
        try (var outer = EventLoop.create(); var inner = EventLoop.create()) {
            var failure = new AtomicReference<Throwable>();
            Thread.ofVirtual().start(() -> {
                try {
                    inner.runForever();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }).join();
            assertThat(failure.get()).isInstanceOf(InvalidStateException.class).hasMessageContaining("platform thread");
            outer.callSoon(() -> {
                try {
                    inner.runForever();
                } catch (Throwable t) {
                    failure.set(t);
                }
                outer.stop();
            });
            outer.runForever();
            assertThat(failure.get()).isInstanceOf(InvalidStateException.class).hasMessageContaining("another");
        }
    }

    @Test
    void callSoonThreadsafeFromEightThreadsLosesNothing() throws Exception {
        try (var group = LoopGroup.start(1)) {
            EventLoop loop = group.next();
            int threads = 8;
            int perThread = 50_000;
            long[] received = new long[threads];
            var start = new CountDownLatch(1);
            var producers = new ArrayList<Thread>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                producers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        loop.callSoonThreadsafe(() -> received[id]++);
                    }
                }));
            }
            start.countDown();
            for (Thread p : producers) {
                p.join();
            }
            // everything submitted before this marker runs before it (one FIFO queue)
            long[] snapshot = loop.submit(() -> received.clone()).get(30, TimeUnit.SECONDS);
            assertThat(snapshot).containsOnly(perThread);
        }
    }

    @Test
    void aLoopWaitingForIoWakesForACrossThreadCallback() throws Exception {
        try (var group = LoopGroup.start(1)) {
            EventLoop loop = group.next();
            // the loop is idle: blocked in the selector with no timer
            Thread.sleep(50);
            var ran = new CountDownLatch(1);
            loop.callSoonThreadsafe(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void runUntilCompleteReturnsTheResultAndRethrowsTheException() {
        try (var loop = EventLoop.create()) {
            Future<String> f = loop.createFuture();
            loop.callLater(Duration.ofMillis(5), () -> f.setResult("done"));
            assertThat(loop.runUntilComplete(f)).isEqualTo("done");

            Future<String> g = loop.createFuture();
            var boom = new IllegalArgumentException("boom");
            loop.callSoon(() -> g.setException(boom));
            assertThatThrownBy(() -> loop.runUntilComplete(g)).isSameAs(boom);
        }
    }

    @Test
    void runUntilCompleteFailsWhenTheLoopStopsFirst() {
        try (var loop = EventLoop.create()) {
            Future<String> f = loop.createFuture();
            loop.callSoon(loop::stop);
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(InvalidStateException.class)
                    .hasMessageContaining("stopped before the future completed");
            f.cancel();
        }
    }

    @Test
    void runCancelsTasksLeftBehindAndClosesTheLoop() {
        var cleanedUp = new ArrayList<String>();
        var loopRef = new AtomicReference<EventLoop>();
        String result = EventLoop.run(() -> {
            loopRef.set(Async.runningLoop());
            Async.runningLoop().createTask(() -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                } finally {
                    cleanedUp.add("orphan unwound");
                }
                return null;
            });
            Async.sleep(Duration.ofMillis(1));
            return "main done";
        });
        assertThat(result).isEqualTo("main done");
        assertThat(cleanedUp).containsExactly("orphan unwound");
        assertThat(loopRef.get().isClosed()).isTrue();
    }

    @Test
    void closeReportsPendingTasksAndUnwindsThem() {
        var loop = TestLoop.create();
        var errors = Errors.on(loop);
        var unwound = new ArrayList<String>();
        Task<Object> t = loop.createTask(() -> {
            try {
                Async.sleep(Duration.ofDays(1));
            } finally {
                unwound.add("finally");
            }
            return null;
        }, "forgotten");
        loop.runReady();
        loop.close();
        assertThat(unwound).containsExactly("finally");
        assertThat(t.isCancelled()).isTrue();
        assertThat(errors.messages()).singleElement().asString().contains("pending").contains("forgotten");
    }

    @Test
    void statsCountIterationsCallbacksAndTasks() {
        try (var loop = TestLoop.create()) {
            loop.callSoon(() -> { });
            loop.callSoon(() -> { });
            Task<Integer> t = loop.createTask(() -> 1);
            assertThat(loop.stats().pendingTasks()).isEqualTo(1);
            loop.runReady();
            LoopStats s = loop.stats();
            assertThat(s.callbacks()).isGreaterThanOrEqualTo(3);
            assertThat(s.iterations()).isGreaterThanOrEqualTo(1);
            assertThat(s.pendingTasks()).isZero();
            assertThat(t.result()).isEqualTo(1);
        }
    }

    @Test
    void toStringShowsLiveState() {
        try (var loop = TestLoop.create()) {
            loop.callSoon(() -> { });
            loop.callLater(Duration.ofSeconds(1), () -> { });
            assertThat(loop.toString()).contains("idle").contains("ready=1").contains("timers=1");
        }
    }

    @Test
    void manyTimersScheduledAndCancelledArePurgedAndTheRestStillFireInOrder() {
        try (var loop = TestLoop.create()) {
            var fired = new ArrayList<Integer>();
            List<TimerHandle> handles = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                handles.add(loop.callLater(Duration.ofMillis(1000 - i), () -> fired.add(n)));
            }
            for (int i = 0; i < 1000; i++) {
                if (i % 10 != 0) {
                    handles.get(i).cancel();
                }
            }
            loop.advance(Duration.ofSeconds(2));
            var expected = new ArrayList<Integer>();
            for (int i = 990; i >= 0; i -= 10) {
                expected.add(i);
            }
            assertThat(fired).isEqualTo(expected);
        }
    }

    @Test
    void interruptingTheLoopThreadStopsTheLoopWithCancelledInsteadOfSpinning() throws Exception {
        try (var loop = EventLoop.create()) {
            var failure = new AtomicReference<Throwable>();
            var stillInterrupted = new AtomicReference<Boolean>();
            var running = new CountDownLatch(1);
            Thread runner = new Thread(() -> {
                loop.callSoon(running::countDown);
                try {
                    loop.runForever();
                } catch (Throwable t) {
                    failure.set(t);
                }
                stillInterrupted.set(Thread.interrupted());
                loop.callSoon(loop::stop);
                loop.runForever();   // usable again once the interrupt is cleared
            });
            runner.start();
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            runner.interrupt();
            runner.join(5_000);

            assertThat(runner.isAlive()).isFalse();
            assertThat(failure.get()).isInstanceOf(CancelledException.class).hasMessageContaining("interrupted");
            assertThat(stillInterrupted.get()).isTrue();
        }
    }
}
