package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aTaskReturnsItsBodysResult() {
        Task<String> t = loop.createTask(() -> "hello");
        assertThat(t.isDone()).isFalse();
        assertThat(loop.runUntilComplete(t)).isEqualTo("hello");
    }

    @Test
    void aTaskStartsInTheNextIterationNotInline() {
        var order = new ArrayList<String>();
        loop.createTask(() -> order.add("task"));
        loop.callSoon(() -> order.add("callback"));
        order.add("caller");
        loop.runReady();
        assertThat(order).containsExactly("caller", "task", "callback");
    }

    @Test
    void awaitRethrowsTheSameExceptionInstance() {
        var io = new IOException("broken pipe");
        Task<String> failing = loop.createTask(() -> {
            throw io;
        });
        Task<Throwable> awaiting = loop.createTask(() -> {
            try {
                failing.await();
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertThat(loop.runUntilComplete(awaiting)).isSameAs(io);
        assertThat(failing.exception()).isSameAs(io);
    }

    @Test
    void everyStepOfEveryCoroutineRunsOnTheLoopThread() throws Exception {
        Method carrier = Thread.class.getDeclaredMethod("currentCarrierThread");
        carrier.setAccessible(true);
        try (var real = EventLoop.create()) {
            var loopThread = new ArrayList<Thread>();
            var carriers = new java.util.HashSet<Thread>();
            var mounts = new AtomicInteger();
            real.callSoon(() -> loopThread.add(Thread.currentThread()));
            var tasks = new ArrayList<Task<?>>();
            for (int i = 0; i < 20; i++) {
                tasks.add(real.createTask(() -> {
                    for (int step = 0; step < 1000; step++) {
                        assertThat(Thread.currentThread().isVirtual()).isTrue();
                        carriers.add((Thread) carrier.invoke(null));
                        mounts.incrementAndGet();
                        Async.sleep(Duration.ZERO);
                    }
                    return null;
                }));
            }
            real.runUntilComplete(Async.gather(tasks));
            assertThat(mounts.get()).isEqualTo(20_000);
            assertThat(carriers).containsExactlyElementsOf(loopThread);
        }
    }

    @Test
    void taskThreadsAreNamedForThreadDumps() {
        Task<String> named = loop.createTask(() -> Thread.currentThread().getName(), "fetch-users");
        Task<String> unnamed = loop.createTask(() -> Thread.currentThread().getName());
        loop.runReady();
        assertThat(named.result()).matches("corio-task-\\d+:fetch-users");
        assertThat(named.name()).isEqualTo("fetch-users");
        assertThat(unnamed.result()).matches("corio-task-\\d+");
        assertThat(unnamed.name()).matches("Task-\\d+");
        assertThat(named.thread().getName()).isEqualTo(named.result());
    }

    @Test
    void currentTaskIsKnownInsideAndNullOutside() {
        Task<Task<?>> t = loop.createTask(Async::currentTask);
        loop.runReady();
        assertThat(t.result()).isSameAs(t);
        assertThat(Async.currentTask()).isNull();
    }

    @Test
    void cancellingATaskBeforeItStartsMeansItsBodyNeverRuns() {
        var ran = new AtomicInteger();
        Task<Integer> t = loop.createTask(ran::incrementAndGet);
        assertThat(t.cancel("changed my mind")).isTrue();
        loop.runReady();
        assertThat(ran.get()).isZero();
        assertThat(t.isCancelled()).isTrue();
        assertThatThrownBy(t::result).isInstanceOf(CancelledException.class).hasMessage("changed my mind");
    }

    @Test
    void cancellingWhileAwaitingRunsFinallyAndEndsCancelled() {
        var events = new ArrayList<String>();
        Future<String> never = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            try {
                return never.await();
            } finally {
                events.add("finally");
            }
        });
        loop.runReady();
        assertThat(t.cancel()).isTrue();
        loop.runReady();
        assertThat(events).containsExactly("finally");
        assertThat(t.isCancelled()).isTrue();
        assertThat(never.isCancelled()).as("the awaited future is cancelled with the task").isTrue();
        assertThat(t.cancel()).isFalse();
    }

    @Test
    void anExceptionThrownInFinallyDuringCancellationBecomesTheTasksOutcome() {
        var cleanupFailure = new IllegalStateException("cleanup failed");
        Task<String> t = loop.createTask(() -> {
            try {
                Async.sleep(Duration.ofHours(1));
                return "unreachable";
            } finally {
                throw cleanupFailure;
            }
        });
        loop.runReady();
        t.cancel();
        loop.runReady();
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.exception()).isSameAs(cleanupFailure);
        assertThat(cleanupFailure.getSuppressed()).isEmpty();
    }

    @Test
    void aTaskCannotAwaitItself() {
        Task<Object> t = loop.createTask(() -> Async.currentTask().await());
        loop.runReady();
        assertThat(t.exception()).isInstanceOf(InvalidStateException.class).hasMessageContaining("itself");
    }

    @Test
    void cancellationPropagatesDownAChainOfAwaits() {
        var unwound = new ArrayList<String>();
        Task<String> inner = loop.createTask(() -> {
            try {
                return loop.<String>createFuture().await();
            } finally {
                unwound.add("inner");
            }
        });
        Task<String> outer = loop.createTask(() -> {
            try {
                return inner.await();
            } finally {
                unwound.add("outer");
            }
        });
        loop.runReady();
        outer.cancel();
        loop.runReady();
        assertThat(unwound).containsExactly("inner", "outer");
        assertThat(inner.isCancelled()).isTrue();
        assertThat(outer.isCancelled()).isTrue();
    }

    @Test
    void cancellationAfterTheAwaitedFutureCompletedStillWinsAtResumption() {
        Future<String> f = loop.createFuture();
        var seen = new ArrayList<String>();
        Task<String> t = loop.createTask(() -> {
            try {
                return f.await();
            } catch (CancelledException e) {
                seen.add("cancelled although f=" + f.result());
                throw e;
            }
        });
        loop.runReady();
        loop.callSoon(() -> {
            f.setResult("value");   // wakes the task: its step is queued
            t.cancel();             // but it has not resumed yet
        });
        loop.runReady();
        assertThat(seen).containsExactly("cancelled although f=value");
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void aTaskThatCatchesItsCancellationGoesOnAndCanWithdrawIt() {
        Task<String> t = loop.createTask(() -> {
            try {
                Async.sleep(Duration.ofSeconds(10));
            } catch (CancelledException e) {
                Task<?> me = Async.currentTask();
                assertThat(me.cancelling()).isEqualTo(1);
                assertThat(me.uncancel()).isZero();
            }
            Async.sleep(Duration.ofSeconds(1));
            return "survived";
        });
        loop.runReady();
        t.cancel();
        loop.advance(Duration.ofSeconds(2));
        assertThat(t.result()).isEqualTo("survived");
    }

    @Test
    void aPendingCancelIsDeliveredAtTheNextSuspensionEvenIfTheTaskWasBusy() {
        var steps = new ArrayList<String>();
        Task<String> t = loop.createTask(() -> {
            Async.currentTask().cancel();       // self-cancel: delivered at the next suspension point
            steps.add("still running");
            try {
                Async.sleep(Duration.ofSeconds(1));
            } catch (CancelledException e) {
                steps.add("cancelled at sleep");
                throw e;
            }
            return "no";
        });
        loop.runReady();
        assertThat(steps).containsExactly("still running", "cancelled at sleep");
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void tenThousandConcurrentTasksAllComplete() {
        var random = new Random(42);
        var tasks = new ArrayList<Task<Integer>>();
        for (int i = 0; i < 10_000; i++) {
            int n = i;
            long delay = random.nextInt(1000);
            tasks.add(loop.createTask(() -> {
                Async.sleep(Duration.ofMillis(delay));
                Async.sleep(Duration.ZERO);
                return n;
            }));
        }
        List<Integer> results = loop.runUntilComplete(Async.gather(tasks));
        assertThat(results).hasSize(10_000);
        assertThat(results.stream().mapToLong(Integer::longValue).sum()).isEqualTo(10_000L * 9_999 / 2);
        assertThat(loop.time()).isLessThan(Duration.ofSeconds(1).toNanos());
        assertThat(loop.allTasks()).isEmpty();
    }

    @Test
    void blockingJdkCallsInACoroutineParkItWithoutFreezingTheLoop() throws Exception {
        try (var real = EventLoop.create()) {
            var ticks = new AtomicInteger();
            var lock = new Object();
            var release = new java.util.concurrent.CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> {
                synchronized (lock) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Thread.sleep(20);
            Task<String> sleeper = real.createTask(() -> {
                Thread.sleep(200);   // a JDK sleep parks the virtual thread
                return "slept";
            });
            Task<String> monitor = real.createTask(() -> {
                synchronized (lock) {   // contended monitor: parks too (JDK 24+)
                    return "locked";
                }
            });
            Task<Integer> ticker = real.createTask(() -> {
                while (!sleeper.isDone() || !monitor.isDone()) {
                    ticks.incrementAndGet();
                    Async.sleep(Duration.ofMillis(5));
                }
                return ticks.get();
            });
            real.callLater(Duration.ofMillis(100), release::countDown);
            real.runUntilComplete(ticker);
            holder.join();
            assertThat(sleeper.result()).isEqualTo("slept");
            assertThat(monitor.result()).isEqualTo("locked");
            assertThat(ticks.get()).as("the loop kept running other coroutines meanwhile").isGreaterThan(10);
        }
    }

    @Test
    void cancellingATaskBlockedInAJdkCallInterruptsIt() {
        try (var real = EventLoop.create()) {
            Task<String> sleeper = real.createTask(() -> {
                Thread.sleep(60_000);
                return "slept a minute";
            });
            real.callLater(Duration.ofMillis(50), sleeper::cancel);
            assertThatThrownBy(() -> real.runUntilComplete(sleeper)).isInstanceOf(InterruptedException.class);
            assertThat(sleeper.isDone()).isTrue();
        }
    }

    @Test
    void aTaskCanAwaitAFutureOfAnotherLoop() throws Exception {
        try (var group = LoopGroup.start(1)) {
            EventLoop other = group.next();
            Future<String> remote = other.submit(() -> {
                Future<String> f = Async.runningLoop().createFuture();
                Async.runningLoop().callLater(Duration.ofMillis(30), () -> f.setResult("from the other loop"));
                return f;
            }).get(5, TimeUnit.SECONDS);
            try (var real = EventLoop.create()) {
                Task<String> t = real.createTask(remote::await);
                assertThat(real.runUntilComplete(t)).isEqualTo("from the other loop");
            }
        }
    }

    @Test
    void virtualThreadsStartedInsideACoroutineRunOffTheLoop() throws Exception {
        Method carrierOf = Thread.class.getDeclaredMethod("currentCarrierThread");
        carrierOf.setAccessible(true);
        try (var real = EventLoop.create()) {
            var loopThread = new java.util.concurrent.atomic.AtomicReference<Thread>();
            real.callSoon(() -> loopThread.set(Thread.currentThread()));
            var carriers = new java.util.concurrent.ConcurrentLinkedQueue<Thread>();
            Task<Integer> t = real.createTask(() -> {
                var done = new java.util.concurrent.CountDownLatch(2);
                Runnable spin = () -> {
                    try {
                        carriers.add((Thread) carrierOf.invoke(null));
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                    long end = System.nanoTime() + 100_000_000L;   // CPU work that would stall the loop
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    done.countDown();
                };
                Thread.ofVirtual().start(spin);   // inherits the coroutine's scheduler in the JDK
                try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    executor.execute(spin);
                    int ticks = 0;
                    while (done.getCount() > 0) {
                        ticks++;
                        Async.sleep(Duration.ofMillis(5));
                    }
                    return ticks;
                }
            });
            assertThat(real.runUntilComplete(t)).as("the loop kept ticking").isGreaterThan(5);
            assertThat(carriers).hasSize(2).doesNotContain(loopThread.get());
        }
    }

    @Test
    void toThreadRunsOnAnotherCarrierThanTheLoop() throws Exception {
        Method carrierOf = Thread.class.getDeclaredMethod("currentCarrierThread");
        carrierOf.setAccessible(true);
        try (var real = EventLoop.create()) {
            var loopThread = new java.util.concurrent.atomic.AtomicReference<Thread>();
            real.callSoon(() -> loopThread.set(Thread.currentThread()));
            Task<Thread> t = real.createTask(() -> Async.toThread(() -> (Thread) carrierOf.invoke(null)));
            assertThat(real.runUntilComplete(t)).isNotSameAs(loopThread.get()).isNotNull();
        }
    }

    @Test
    void aTaskIsNotATaskToComplete() {
        Task<String> t = loop.createTask(() -> "x");
        assertThatThrownBy(() -> t.setResult("y")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> t.setException(new IOException())).isInstanceOf(InvalidStateException.class);
        loop.runReady();
    }

    @Test
    void toStringShowsNameStateAndWhatItAwaits() {
        Future<String> f = loop.createFuture();
        Task<String> t = loop.createTask(f::await, "waiter");
        loop.runReady();
        assertThat(t.toString()).contains("waiter").contains("pending").contains("awaiting");
        f.setResult("ok");
        loop.runReady();
        assertThat(t.toString()).contains("result=ok");
    }
}
