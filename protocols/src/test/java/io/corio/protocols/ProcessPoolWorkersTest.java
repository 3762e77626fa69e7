package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool's workers: parallelism, queueing, death and restart, cancellation and shutdown. */
class ProcessPoolWorkersTest {
    private final EventLoop loop = EventLoop.create();

    @TempDir
    Path temp;

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private <T> T inLoop(java.util.concurrent.Callable<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(50), body));
    }

    /** Waits until the task that writes {@code marker} has started in its worker and written it. */
    private static void awaitFile(Path marker) throws java.io.IOException {
        while (!Files.exists(marker) || Files.size(marker) == 0) {   // created, then written: not at once
            Async.sleep(Duration.ofMillis(10));
        }
    }

    private static Throwable failureOf(Future<?> future) {
        try {
            future.await();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("the task succeeded");
    }

    @Test
    void workersRunAtTheConfiguredNicenessSoTheLoopWinsTheCpu() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/stat")),
                "no /proc/self/stat on this system: cannot read a process's niceness");
        int parent = PoolTasks.niceness();
        List<Integer> seen = inLoop(() -> {
            var lowered = ProcessPoolExecutor.start(loop, 1).await();
            var equal = ProcessPoolExecutor.start(loop, 1, ProcessPoolOptions.DEFAULTS.withNiceness(0)).await();
            try {
                return List.of(lowered.submit(PoolTasks::niceness).await(), equal.submit(PoolTasks::niceness).await());
            } finally {
                lowered.shutdown().await();
                equal.shutdown().await();
            }
        });
        assertThat(seen).containsExactly(Math.min(19, parent + 10), parent);
    }

    @Test
    void twoTasksOnTwoWorkersRunAtTheSameTimeInTwoProcesses() {
        List<long[]> runs = inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 2).await();
            try {
                var a = pool.submit(() -> PoolTasks.sleepAndReport(700));
                var b = pool.submit(() -> PoolTasks.sleepAndReport(700));
                return List.of(a.await(), b.await());
            } finally {
                pool.shutdown().await();
            }
        });
        long[] a = runs.get(0);
        long[] b = runs.get(1);
        assertThat(a[0]).isNotEqualTo(b[0]);
        assertThat(Math.max(a[1], b[1])).isLessThan(Math.min(a[2], b[2]));   // the intervals overlap
    }

    @Test
    void tasksBeyondTheWorkersWaitInTheQueueAndRunOneAfterAnother() {
        List<long[]> runs = inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 1).await();
            try {
                var futures = List.of(pool.submit(() -> PoolTasks.sleepAndReport(200)),
                        pool.submit(() -> PoolTasks.sleepAndReport(200)),
                        pool.submit(() -> PoolTasks.sleepAndReport(200)));
                assertThat(pool.queued()).isEqualTo(2);
                return futures.stream().map(Future::await).toList();
            } finally {
                pool.shutdown().await();
            }
        });
        assertThat(runs).extracting(r -> r[0]).containsOnly(runs.get(0)[0]);
        assertThat(runs.get(1)[1]).isGreaterThanOrEqualTo(runs.get(0)[2]);
        assertThat(runs.get(2)[1]).isGreaterThanOrEqualTo(runs.get(1)[2]);
    }

    @Test
    void aWorkerKilledMidTaskFailsThatTaskAndIsReplacedForTheNext() {
        Path marker = temp.resolve("running");
        String path = marker.toString();
        inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 1).await();
            try {
                var doomed = pool.submit(() -> PoolTasks.markThenSleep(path, 30_000));
                awaitFile(marker);
                long pid = Long.parseLong(Files.readString(marker));
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                assertThat(failureOf(doomed)).isInstanceOf(BrokenResourceException.class)
                        .hasMessageContaining("pid " + pid).hasMessageContaining("exit code 137 (signal 9)");
                long next = pool.submit(PoolTasks::pid).await();
                assertThat(next).isNotEqualTo(pid);
                assertThat(pool.pids()).containsExactly(next);
                return null;
            } finally {
                pool.shutdown().await();
            }
        });
    }

    @Test
    void aTaskThatExitsTheWorkerFailsWithItsExitCode() {
        Throwable error = inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 1).await();
            try {
                return failureOf(pool.submit(() -> PoolTasks.exitWith(3)));
            } finally {
                pool.shutdown().await();
            }
        });
        assertThat(error).isInstanceOf(BrokenResourceException.class).hasMessageContaining("exit code 3 ");
    }

    @Test
    void shutdownFinishesQueuedTasksThenLeavesNoChildProcess() {
        List<Long> pids = inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 2).await();
            var tasks = List.of(pool.submit(PoolTasks::pid), pool.submit(PoolTasks::pid), pool.submit(PoolTasks::pid));
            pool.shutdown().await();
            assertThat(tasks).allMatch(f -> f.isDone() && f.exception() == null);
            assertThat(failureOf(pool.submit(PoolTasks::pid))).isInstanceOf(ClosedResourceException.class);
            return tasks.stream().map(Future::result).toList();
        });
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                .isNotEqualTo(java.util.Optional.of(true)));
        assertThat(ProcessHandle.current().children().toList()).isEmpty();
    }

    @Test
    void shutdownNowCancelsQueuedTasksFailsRunningOnesAndKillsTheWorkers() {
        Path marker = temp.resolve("running");
        String path = marker.toString();
        inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 1).await();
            var running = pool.submit(() -> PoolTasks.markThenSleep(path, 30_000));
            var queued = pool.submit(PoolTasks::pid);
            awaitFile(marker);
            pool.shutdownNow().await();
            assertThat(failureOf(running)).isInstanceOf(ClosedResourceException.class);
            assertThat(queued.isCancelled()).isTrue();
            return null;
        });
        assertThat(ProcessHandle.current().children().toList()).isEmpty();
    }

    @Test
    void cancellingAQueuedTaskRemovesItAndCancellingARunningOneInterruptsIt() {
        Path marker = temp.resolve("running");
        String path = marker.toString();
        long answer = inLoop(() -> {
            var pool = ProcessPoolExecutor.start(loop, 1).await();
            try {
                var running = pool.submit(() -> PoolTasks.markThenSleep(path, 30_000));
                var queued = pool.submit(() -> PoolTasks.markThenSleep(path, 30_000));
                awaitFile(marker);
                queued.cancel();
                Async.sleep(Duration.ZERO);   // done callbacks run in the next iteration
                assertThat(pool.queued()).isZero();
                running.cancel();
                return pool.submit(() -> 7L).await();   // would wait 30 s if the sleep had not been interrupted
            } finally {
                pool.shutdown().await();
            }
        });
        assertThat(answer).isEqualTo(7L);
    }
}
