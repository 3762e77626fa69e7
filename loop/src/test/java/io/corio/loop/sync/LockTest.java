package io.corio.loop.sync;

import io.corio.loop.Async;
import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockTest {
    private final TestLoop loop = TestLoop.create();
    private final Lock lock = new Lock();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    /** A task that takes the lock, records its name, and holds the lock for {@code hold} of loop time. */
    private Task<Void> worker(String name, List<String> log, Duration hold) {
        return loop.createTask(() -> {
            try (var _ = lock.hold()) {
                log.add(name);
                Async.sleep(hold);
            }
            return null;
        }, name);
    }

    @Test
    void aFreeLockIsAcquiredWithoutWaitingAndReleased() {
        Task<Boolean> t = loop.createTask(() -> {
            lock.acquire();
            boolean locked = lock.isLocked();
            lock.release();
            return locked;
        });
        loop.runReady();
        assertThat(t.result()).isTrue();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void tryAcquireSucceedsOnlyOnAFreeLock() {
        assertThat(lock.tryAcquire()).isTrue();
        assertThat(lock.tryAcquire()).isFalse();
        lock.release();
        assertThat(lock.tryAcquire()).isTrue();
    }

    @Test
    void releasingAnUnlockedLockThrows() {
        assertThatThrownBy(lock::release).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("not locked");
    }

    @Test
    void holdReleasesAtTheEndOfTheBlockAndCloseIsIdempotent() {
        Task<Boolean> t = loop.createTask(() -> {
            var held = lock.hold();
            boolean inside = lock.isLocked();
            held.close();
            held.close();
            return inside;
        });
        loop.runReady();
        assertThat(t.result()).isTrue();
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void waitingTasksGetTheLockInTheOrderTheyAsked() {
        var log = new ArrayList<String>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            worker(name, log, Duration.ofMillis(10));
        }
        loop.advance(Duration.ofSeconds(1));
        assertThat(log).containsExactly("a", "b", "c", "d", "e");
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void releaseHandsTheLockToTheFirstWaiterSoTryAcquireCannotBargeIn() {
        var log = new ArrayList<String>();
        assertThat(lock.tryAcquire()).isTrue();
        worker("waiter", log, Duration.ZERO);
        loop.runReady();
        lock.release();
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.tryAcquire()).isFalse();
        loop.runReady();
        assertThat(log).containsExactly("waiter");
        assertThat(lock.isLocked()).isFalse();
    }

    @Test
    void toStringShowsTheStateAndTheWaitingTasks() {
        assertThat(lock).hasToString("Lock[unlocked]");
        assertThat(lock.tryAcquire()).isTrue();
        var log = new ArrayList<String>();
        for (String name : List.of("a", "b", "c")) {
            worker(name, log, Duration.ZERO);
        }
        loop.runReady();
        assertThat(lock).hasToString("Lock[locked, waiters=3]");
    }

    @Test
    void aHeldLockShowsWhetherItWasReleased() {
        Task<Held> t = loop.createTask(lock::hold);
        loop.runReady();
        Held held = t.result();
        assertThat(held).hasToString("Held[held, Lock[locked]]");
        held.close();
        assertThat(held).hasToString("Held[released, Lock[unlocked]]");
    }
}
