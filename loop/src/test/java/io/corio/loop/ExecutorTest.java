package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void blockingWorkRunsOnAVirtualThreadOffTheLoop() {
        Future<String> f = loop.runInExecutor(null, () -> {
            Thread.sleep(10);
            return Thread.currentThread().getName() + " virtual=" + Thread.currentThread().isVirtual();
        });
        assertThat(loop.runUntilComplete(f)).startsWith("corio-blocking-").endsWith("virtual=true");
    }

    @Test
    void cpuWorkRunsOnTheCpuPool() {
        Future<Long> f = loop.runInExecutor(LoopExecutors.cpu(), () -> {
            assertThat(Thread.currentThread().getName()).startsWith("corio-cpu-");
            long sum = 0;
            for (int i = 0; i < 1_000_000; i++) {
                sum += i;
            }
            return sum;
        });
        assertThat(loop.runUntilComplete(f)).isEqualTo(499_999_500_000L);
    }

    @Test
    void theWorksExceptionArrivesUnchanged() {
        Future<String> f = loop.runInExecutor(null, () -> {
            throw new IOException("disk full");
        });
        assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void cancellingTheFutureInterruptsTheWork() throws Exception {
        var started = new CountDownLatch(1);
        var interrupted = new AtomicBoolean();
        var finished = new CountDownLatch(1);
        Future<String> f = loop.runInExecutor(null, () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            } finally {
                finished.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        f.cancel();
        loop.runReady();
        assertThat(finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(interrupted.get()).isTrue();
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void theDefaultExecutorCanBeReplaced() throws Exception {
        var pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-pool"));
        try {
            loop.setDefaultExecutor(pool);
            Future<String> f = loop.runInExecutor(null, () -> Thread.currentThread().getName());
            assertThat(loop.runUntilComplete(f)).isEqualTo("my-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectingExecutorFailsTheFuture() {
        var pool = Executors.newSingleThreadExecutor();
        pool.shutdown();
        Future<String> f = loop.runInExecutor(pool, () -> "never");
        assertThat(f.exception()).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void autoJumpWaitsForExecutorWorkBeforeMovingVirtualTime() {
        Task<String> t = loop.createTask(() -> Async.timeout(Duration.ofSeconds(1), () -> Async.toThread(() -> {
            Thread.sleep(100);   // real time, while the virtual clock must not race past the deadline
            return "done in time";
        })));
        assertThat(loop.runUntilComplete(t)).isEqualTo("done in time");
    }
}
