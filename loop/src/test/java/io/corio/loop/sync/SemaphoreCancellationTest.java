package io.corio.loop.sync;

import io.corio.loop.Async;
import io.corio.loop.CancelledException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SemaphoreCancellationTest {
    private final TestLoop loop = TestLoop.create();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    private Task<Void> worker(Semaphore sem, String name) {
        return loop.createTask(() -> {
            try (var _ = sem.hold()) {
                log.add(name);
            }
            return null;
        }, name);
    }

    @Test
    void aTaskCancelledWhileWaitingTakesNoPermit() {
        var sem = new Semaphore(0);
        Task<Void> cancelled = worker(sem, "cancelled");
        worker(sem, "kept");
        loop.runReady();
        cancelled.cancel();
        loop.runReady();
        assertThat(sem).hasToString("Semaphore[available=0, waiters=1]");
        sem.release();
        loop.runReady();
        assertThat(log).containsExactly("kept");
        assertThat(sem.available()).isEqualTo(1);
    }

    @Test
    void aTaskCancelledAfterAPermitWasHandedToItPassesThePermitOn() {
        var sem = new Semaphore(0);
        Task<Void> first = worker(sem, "first");
        worker(sem, "second");
        loop.runReady();
        sem.release();            // hands the permit to "first", which has not resumed yet
        first.cancel();
        loop.runReady();
        assertThatThrownBy(first::result).isInstanceOf(CancelledException.class);
        assertThat(log).containsExactly("second");
        assertThat(sem.available()).isEqualTo(1);
    }

    @Test
    void aBoundedSemaphoreTakesBackAPermitHandedToACancelledTask() {
        var sem = new BoundedSemaphore(1);
        assertThat(sem.tryAcquire()).isTrue();
        Task<Void> only = worker(sem, "only");
        loop.runReady();
        sem.release();
        only.cancel();
        loop.runReady();
        assertThat(only.isCancelled()).isTrue();
        assertThat(sem).hasToString("BoundedSemaphore[available=1/1]");
    }

    @Test
    void permitsAreConservedWhateverTasksAreCancelledAndWhen() {
        var random = new Random(20_240_917L);
        var sem = new Semaphore(3);
        var waiting = new LinkedHashSet<Task<?>>();  // in the order they started waiting
        int[] holders = {0, 0};                      // now, most ever
        var tasks = new ArrayList<Task<Void>>();
        for (int i = 0; i < 60; i++) {
            Duration start = Duration.ofMillis(random.nextInt(100));
            Duration hold = Duration.ofMillis(random.nextInt(40));
            tasks.add(loop.createTask(() -> {
                Async.sleep(start);
                Task<?> me = Async.currentTask();
                waiting.add(me);
                Held permit;
                try {
                    permit = sem.hold();
                } finally {
                    waiting.remove(me);
                }
                try (permit) {
                    holders[1] = Math.max(holders[1], ++holders[0]);
                    Async.sleep(hold);
                } finally {
                    holders[0]--;
                }
                if (!waiting.isEmpty() && random.nextBoolean()) {
                    // the first waiter was most likely just handed our permit and has not resumed yet
                    var candidates = List.copyOf(waiting);
                    (random.nextBoolean() ? candidates.getFirst()
                            : candidates.get(random.nextInt(candidates.size()))).cancel();
                }
                return null;
            }));
            if (random.nextInt(4) == 0) {
                loop.callLater(Duration.ofMillis(random.nextInt(300)), tasks.getLast()::cancel);
            }
        }
        loop.advance(Duration.ofSeconds(10));
        assertThat(tasks).allMatch(Task::isDone);
        assertThat(tasks).filteredOn(Task::isCancelled).hasSizeBetween(10, 50);
        assertThat(holders[0]).isZero();
        assertThat(holders[1]).isEqualTo(3);
        assertThat(sem.available()).isEqualTo(3);
    }
}
