package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    private Task<String> after(Duration d, String value) {
        return loop.createTask(() -> {
            Async.sleep(d);
            return value;
        }, value);
    }

    @Test
    void thirtySecondsOfSleepTakeNoRealTime() {
        Task<Integer> t = loop.createTask(() -> {
            Async.sleep(Duration.ofSeconds(30));
            return 1;
        });
        loop.advance(Duration.ofSeconds(29));
        assertThat(t.isDone()).isFalse();
        loop.advance(Duration.ofSeconds(1));
        assertThat(t.isDone()).isTrue();
    }

    @Test
    void sleepOutsideATaskIsRefused() {
        assertThatThrownBy(() -> Async.sleep(Duration.ofMillis(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a task");
    }

    @Test
    void sleepZeroLetsOtherReadyWorkRunFirst() {
        var order = new ArrayList<String>();
        loop.createTask(() -> {
            order.add("a1");
            Async.sleep(Duration.ZERO);
            order.add("a2");
            return null;
        });
        loop.createTask(() -> {
            order.add("b1");
            Async.sleep(Duration.ZERO);
            order.add("b2");
            return null;
        });
        loop.runReady();
        assertThat(order).containsExactly("a1", "b1", "a2", "b2");
    }

    @Test
    void gatherReturnsResultsInTheOrderGiven() {
        Future<List<String>> all = Async.gather(after(Duration.ofMillis(30), "slow"), after(Duration.ofMillis(10), "fast"));
        assertThat(loop.runUntilComplete(all)).containsExactly("slow", "fast");
    }

    @Test
    void gatherOfNothingIsAnEmptyList() {
        Task<List<Object>> t = loop.createTask(() -> Async.gather(List.<Future<Object>>of()).await());
        assertThat(loop.runUntilComplete(t)).isEmpty();
    }

    @Test
    void gatherFailsWithTheFirstExceptionAndLeavesTheOthersRunning() {
        var boom = new IOException("boom");
        Task<String> slow = after(Duration.ofSeconds(1), "slow");
        Task<String> failing = loop.createTask(() -> {
            Async.sleep(Duration.ofMillis(10));
            throw boom;
        });
        Future<List<String>> all = Async.gather(slow, failing);
        assertThatThrownBy(() -> loop.runUntilComplete(all)).isSameAs(boom);
        assertThat(slow.isDone()).isFalse();
        assertThat(loop.runUntilComplete(slow)).isEqualTo("slow");
    }

    @Test
    void cancellingAGatherCancelsTheChildrenAndWaitsForThem() {
        var unwound = new ArrayList<String>();
        Task<String> a = loop.createTask(() -> {
            try {
                Async.sleep(Duration.ofHours(1));
                return "a";
            } finally {
                unwound.add("a");
            }
        });
        Task<String> b = after(Duration.ofHours(1), "b");
        Future<List<String>> all = Async.gather(a, b);
        loop.runReady();
        assertThat(all.cancel()).isTrue();
        assertThat(all.isDone()).as("stays pending until the children are done").isFalse();
        loop.runReady();
        assertThat(all.isCancelled()).isTrue();
        assertThat(a.isCancelled()).isTrue();
        assertThat(b.isCancelled()).isTrue();
        assertThat(unwound).containsExactly("a");
    }

    @Test
    void cancellingTheTaskThatAwaitsAGatherCancelsTheChildren() {
        Task<String> a = after(Duration.ofHours(1), "a");
        Task<List<String>> waiter = loop.createTask(() -> Async.gather(a).await());
        loop.runReady();
        waiter.cancel();
        loop.runReady();
        assertThat(waiter.isCancelled()).isTrue();
        assertThat(a.isCancelled()).isTrue();
    }

    @Test
    void waitForFirstCompletedReturnsAsSoonAsOneIsDone() {
        Task<String> fast = after(Duration.ofMillis(10), "fast");
        Task<String> slow = after(Duration.ofSeconds(10), "slow");
        Task<WaitResult<String>> t = loop.createTask(() -> Async.waitFor(List.of(fast, slow), ReturnWhen.FIRST_COMPLETED));
        WaitResult<String> r = loop.runUntilComplete(t);
        assertThat(r.done()).containsExactly(fast);
        assertThat(r.pending()).containsExactly(slow);
        assertThat(slow.isCancelled()).as("waitFor cancels nothing").isFalse();
    }

    @Test
    void waitForFirstExceptionReturnsAtTheFailureOrWhenAllAreDone() {
        Task<String> ok = after(Duration.ofMillis(10), "ok");
        Task<String> failing = loop.createTask(() -> {
            Async.sleep(Duration.ofMillis(20));
            throw new IOException("x");
        });
        Task<String> slow = after(Duration.ofSeconds(10), "slow");
        WaitResult<String> r = loop.runUntilComplete(loop.createTask(
                () -> Async.waitFor(List.of(ok, failing, slow), ReturnWhen.FIRST_EXCEPTION)));
        assertThat(r.done()).containsExactly(ok, failing);
        assertThat(r.pending()).containsExactly(slow);
        assertThat(loop.time()).isEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void waitForAllCompletedWithATimeoutReturnsWhatIsPending() {
        Task<String> fast = after(Duration.ofMillis(10), "fast");
        Task<String> slow = after(Duration.ofSeconds(10), "slow");
        WaitResult<String> r = loop.runUntilComplete(loop.createTask(
                () -> Async.waitFor(List.of(fast, slow), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(1))));
        assertThat(r.done()).containsExactly(fast);
        assertThat(r.pending()).containsExactly(slow);
        assertThat(loop.time()).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void waitForNothingIsAnError() {
        Task<Object> t = loop.createTask(() -> Async.waitFor(List.of(), ReturnWhen.ALL_COMPLETED));
        loop.runReady();
        assertThat(t.exception()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeoutTurnsTheExpiredCancellationIntoATimeoutException() {
        var unwound = new ArrayList<String>();
        Task<String> t = loop.createTask(() -> Async.timeout(Duration.ofSeconds(2), () -> {
            try {
                Async.sleep(Duration.ofSeconds(10));
                return "late";
            } finally {
                unwound.add("body unwound");
            }
        }));
        loop.advance(Duration.ofSeconds(2));
        assertThat(t.exception()).isInstanceOf(TimeoutException.class)
                .hasCauseInstanceOf(CancelledException.class);
        assertThat(unwound).containsExactly("body unwound");
        assertThat(t.isCancelled()).isFalse();
    }

    @Test
    void timeoutReturnsTheResultWhenInTime() {
        Task<String> t = loop.createTask(() -> Async.timeout(Duration.ofSeconds(2), () -> {
            Async.sleep(Duration.ofSeconds(1));
            return "in time";
        }));
        loop.advance(Duration.ofSeconds(5));
        assertThat(t.result()).isEqualTo("in time");
    }

    @Test
    void aCancellationFromOutsideStaysACancellationInsideATimeout() {
        Task<String> t = loop.createTask(() -> Async.timeout(Duration.ofSeconds(10), () -> {
            Async.sleep(Duration.ofSeconds(20));
            return "no";
        }));
        loop.advance(Duration.ofSeconds(1));
        t.cancel();
        loop.runReady();
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void nestedTimeoutsEachReportTheirOwnExpiry() {
        var seen = new AtomicReference<String>();
        Task<String> t = loop.createTask(() -> Async.timeout(Duration.ofSeconds(10), () -> {
            try {
                Async.timeout(Duration.ofSeconds(1), () -> {
                    Async.sleep(Duration.ofSeconds(5));
                    return null;
                });
            } catch (TimeoutException inner) {
                seen.set("inner expired");
            }
            Async.sleep(Duration.ofSeconds(2));
            return "outer finished";
        }));
        loop.advance(Duration.ofSeconds(4));
        assertThat(seen.get()).isEqualTo("inner expired");
        assertThat(t.result()).isEqualTo("outer finished");
    }

    @Test
    void aTimeoutThatExpiresAfterTheBodyFinishedLeavesNoCancellationBehind() {
        Task<String> t = loop.createTask(() -> {
            Async.timeout(Duration.ZERO, () -> "instant");   // the timer fires after the body returned
            Async.sleep(Duration.ofSeconds(1));
            return "not cancelled";
        });
        loop.advance(Duration.ofSeconds(2));
        assertThat(t.result()).isEqualTo("not cancelled");
    }

    @Test
    void timeoutInAnAwaitedGatherCancelsItsChildren() {
        Task<String> child = after(Duration.ofHours(1), "child");
        Task<Object> t = loop.createTask(() -> Async.timeout(Duration.ofSeconds(1), () -> Async.gather(child).await()));
        loop.advance(Duration.ofSeconds(1));
        assertThat(t.exception()).isInstanceOf(TimeoutException.class);
        assertThat(child.isCancelled()).isTrue();
    }

    @Test
    void shieldProtectsTheInnerWorkFromTheAwaitersCancellation() {
        Task<String> work = after(Duration.ofSeconds(5), "work done");
        Task<String> waiter = loop.createTask(() -> Async.shield(work).await());
        loop.advance(Duration.ofSeconds(1));
        waiter.cancel();
        loop.runReady();
        assertThat(waiter.isCancelled()).isTrue();
        assertThat(work.isCancelled()).isFalse();
        loop.advance(Duration.ofSeconds(5));
        assertThat(work.result()).isEqualTo("work done");
    }

    @Test
    void shieldFollowsTheInnerOutcome() {
        Task<String> work = after(Duration.ofSeconds(1), "value");
        Task<String> waiter = loop.createTask(() -> Async.shield(work).await());
        loop.advance(Duration.ofSeconds(1));
        assertThat(waiter.result()).isEqualTo("value");
    }

    @Test
    void asCompletedYieldsInCompletionOrder() {
        Task<String> c = after(Duration.ofMillis(30), "c");
        Task<String> a = after(Duration.ofMillis(10), "a");
        Task<String> b = after(Duration.ofMillis(20), "b");
        Task<List<String>> t = loop.createTask(() -> {
            var order = new ArrayList<String>();
            for (Future<String> next : Async.<String>asCompleted(List.of(c, a, b))) {
                order.add(next.await());
            }
            return order;
        });
        assertThat(loop.runUntilComplete(t)).containsExactly("a", "b", "c");
    }

    @Test
    void runningLoopIsFoundInTasksAndCallbacksButNotElsewhere() {
        var inCallback = new AtomicReference<EventLoop>();
        loop.callSoon(() -> inCallback.set(Async.runningLoop()));
        Task<EventLoop> t = loop.createTask(Async::runningLoop);
        loop.runReady();
        assertThat(inCallback.get()).isSameAs(loop);
        assertThat(t.result()).isSameAs(loop);
        assertThatThrownBy(Async::runningLoop).isInstanceOf(InvalidStateException.class);
    }

    @Test
    void toThreadRunsBlockingWorkOffTheLoop() {
        Task<String> t = loop.createTask(() -> Async.toThread(() -> {
            Thread.sleep(20);
            return Thread.currentThread().getName();
        }));
        assertThat(loop.runUntilComplete(t)).startsWith("corio-blocking-");
    }
}
