package io.corio.loop.sync;

import io.corio.loop.Async;
import io.corio.loop.CancelledException;
import io.corio.loop.Task;
import io.corio.loop.TaskGroup;
import io.corio.loop.TimeoutException;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockCancellationTest {
    private final TestLoop loop = TestLoop.create();
    private final Lock lock = new Lock();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    /** A task that takes the lock, records its name and releases the lock. */
    private Task<Void> worker(String name) {
        return loop.createTask(() -> {
            try (var _ = lock.hold()) {
                log.add(name);
            }
            return null;
        }, name);
    }

    @Test
    void aTaskCancelledWhileWaitingNeverGetsTheLockAndTheNextWaiterDoes() {
        assertThat(lock.tryAcquire()).isTrue();
        Task<Void> first = worker("first");
        Task<Void> second = worker("second");
        loop.runReady();
        first.cancel();
        loop.runReady();
        assertThat(first.isCancelled()).isTrue();
        assertThat(lock).hasToString("Lock[locked, waiters=1]");
        lock.release();
        loop.runReady();
        assertThat(second.isDone()).isTrue();
        assertThat(log).containsExactly("second");
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void aTaskCancelledAfterTheLockWasHandedToItPassesItToTheNextWaiter() {
        assertThat(lock.tryAcquire()).isTrue();
        Task<Void> first = worker("first");
        Task<Void> second = worker("second");
        loop.runReady();
        lock.release();           // hands the lock to "first", which has not resumed yet
        first.cancel();
        loop.runReady();
        assertThatThrownBy(first::result).isInstanceOf(CancelledException.class);
        assertThat(log).containsExactly("second");
        assertThat(second.isDone()).isTrue();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void aTaskCancelledAfterTheLockWasHandedToItUnlocksItWhenNobodyElseWaits() {
        assertThat(lock.tryAcquire()).isTrue();
        Task<Void> only = worker("only");
        loop.runReady();
        lock.release();
        only.cancel();
        assertThat(lock.isLocked()).isTrue();
        loop.runReady();
        assertThat(only.isCancelled()).isTrue();
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.tryAcquire()).isTrue();
    }

    @Test
    void aTimeoutWhileWaitingForTheLockLeavesItToOthers() {
        Task<Void> holder = loop.createTask(() -> {
            try (var _ = lock.hold()) {
                Async.sleep(Duration.ofSeconds(5));
            }
            return null;
        });
        Task<Void> impatient = loop.createTask(() -> Async.timeout(Duration.ofSeconds(1), () -> {
            lock.acquire();
            log.add("impatient");
            return null;
        }));
        Task<Void> patient = worker("patient");
        loop.advance(Duration.ofSeconds(10));
        assertThatThrownBy(impatient::result).isInstanceOf(TimeoutException.class);
        assertThat(holder.isDone()).isTrue();
        assertThat(patient.isDone()).isTrue();
        assertThat(log).containsExactly("patient");
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void cancellingEveryWaiterLeavesTheLockFreeOnceTheHolderReleases() {
        assertThat(lock.tryAcquire()).isTrue();
        var waiters = List.of(worker("a"), worker("b"), worker("c"));
        loop.runReady();
        waiters.forEach(Task::cancel);
        lock.release();
        loop.runReady();
        assertThat(waiters).allMatch(Task::isCancelled);
        assertThat(log).isEmpty();
        assertThat(lock).hasToString("Lock[unlocked]");
    }

    @Test
    void aTaskGroupFailureArrivingAfterTheLockWasHandedOverPassesTheLockOn() {
        assertThat(lock.tryAcquire()).isTrue();
        Task<String> body = loop.createTask(() -> TaskGroup.run(group -> {
            group.spawn(() -> {
                Async.sleep(Duration.ofSeconds(1));
                lock.release();  // hands the lock to the body; the failure reaches it before it resumes
                throw new IllegalArgumentException("boom");
            });
            lock.acquire();
            return "acquired";
        }));
        Task<Void> next = worker("next");
        loop.advance(Duration.ofSeconds(2));
        assertThatThrownBy(body::result).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(next.isDone()).isTrue();
        assertThat(log).containsExactly("next");
        assertThat(lock.isLocked()).isFalse();
    }
}
