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

class SemaphoreTest {
    private final TestLoop loop = TestLoop.create();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    /** A task that takes a permit, records its name, and keeps the permit for {@code hold} of loop time. */
    private Task<Void> worker(Semaphore sem, String name, Duration hold) {
        return loop.createTask(() -> {
            try (var _ = sem.hold()) {
                log.add(name);
                Async.sleep(hold);
            }
            return null;
        }, name);
    }

    @Test
    void permitsAreTakenAndReturned() {
        var sem = new Semaphore(2);
        assertThat(sem.tryAcquire()).isTrue();
        assertThat(sem.available()).isEqualTo(1);
        assertThat(sem.tryAcquire()).isTrue();
        assertThat(sem.isLocked()).isTrue();
        assertThat(sem.tryAcquire()).isFalse();
        sem.release();
        assertThat(sem.available()).isEqualTo(1);
        assertThat(sem.isLocked()).isFalse();
    }

    @Test
    void atMostPermitsTasksRunAtOnceAndTheRestWaitInArrivalOrder() {
        var sem = new Semaphore(2);
        for (String name : List.of("a", "b", "c", "d", "e")) {
            worker(sem, name, Duration.ofSeconds(1));
        }
        loop.runReady();
        assertThat(log).containsExactly("a", "b");
        assertThat(sem).hasToString("Semaphore[available=0, waiters=3]");
        loop.advance(Duration.ofSeconds(1));
        assertThat(log).containsExactly("a", "b", "c", "d");
        loop.advance(Duration.ofSeconds(2));
        assertThat(log).containsExactly("a", "b", "c", "d", "e");
        assertThat(sem).hasToString("Semaphore[available=2]");
    }

    @Test
    void releaseHandsThePermitToTheFirstWaiterSoTryAcquireCannotBargeIn() {
        var sem = new Semaphore(0);
        worker(sem, "waiter", Duration.ZERO);
        loop.runReady();
        sem.release();
        assertThat(sem.available()).isZero();
        assertThat(sem.tryAcquire()).isFalse();
        loop.runReady();
        assertThat(log).containsExactly("waiter");
        assertThat(sem.available()).isEqualTo(1);
    }

    @Test
    void aPlainSemaphoreCanBeReleasedAboveItsInitialCount() {
        var sem = new Semaphore(1);
        sem.release();
        assertThat(sem.available()).isEqualTo(2);
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedMoreThanAcquired() {
        var sem = new BoundedSemaphore(2);
        assertThat(sem.tryAcquire()).isTrue();
        sem.release();
        assertThatThrownBy(sem::release).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("released too many times");
        assertThat(sem.available()).isEqualTo(2);
        assertThat(sem.bound()).isEqualTo(2);
        assertThat(sem).hasToString("BoundedSemaphore[available=2/2]");
    }

    @Test
    void aBoundedSemaphoreHandsPermitsToWaitersLikeAPlainOne() {
        var sem = new BoundedSemaphore(1);
        worker(sem, "a", Duration.ofSeconds(1));
        worker(sem, "b", Duration.ofSeconds(1));
        loop.advance(Duration.ofSeconds(5));
        assertThat(log).containsExactly("a", "b");
        assertThat(sem.available()).isEqualTo(1);
    }

    @Test
    void aNegativeNumberOfPermitsIsRejected() {
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHeldPermitIsReleasedOnceAndShowsIt() {
        var sem = new Semaphore(1);
        Task<Held> t = loop.createTask(sem::hold);
        loop.runReady();
        Held permit = t.result();
        assertThat(permit).hasToString("Held[held, Semaphore[available=0]]");
        permit.close();
        permit.close();
        assertThat(sem.available()).isOne();
        assertThat(permit).hasToString("Held[released, Semaphore[available=1]]");
    }
}
