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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {
    private final TestLoop loop = TestLoop.create();
    private final Condition cond = new Condition();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    /** A task that waits once on the condition and records its name and whether it holds the lock afterwards. */
    private Task<Void> waiter(String name) {
        return loop.createTask(() -> {
            try (var _ = cond.hold()) {
                cond.await();
                log.add(name + (cond.isLocked() ? " locked" : " unlocked"));
            }
            return null;
        }, name);
    }

    @Test
    void awaitReleasesTheLockAndReturnsWithItAfterASignal() {
        Task<Void> t = waiter("t");
        loop.runReady();
        assertThat(cond.isLocked()).isFalse();
        assertThat(cond.tryAcquire()).isTrue();
        cond.signal();
        loop.runReady();
        assertThat(t.isDone()).isFalse();  // signalled, but waiting for the lock
        cond.release();
        loop.runReady();
        assertThat(log).containsExactly("t locked");
        assertThat(cond.isLocked()).isFalse();
    }

    @Test
    void signalWakesWaitersOneAtATimeInArrivalOrder() {
        waiter("a");
        waiter("b");
        waiter("c");
        loop.runReady();
        assertThat(cond).hasToString("Condition[unlocked, waiters=3]");
        for (int i = 0; i < 2; i++) {
            assertThat(cond.tryAcquire()).isTrue();
            cond.signal();
            cond.release();
            loop.runReady();
        }
        assertThat(log).containsExactly("a locked", "b locked");
        assertThat(cond).hasToString("Condition[unlocked, waiters=1]");
    }

    @Test
    void signalNAndSignalAllWakeThatManyWaiters() {
        List.of("a", "b", "c", "d").forEach(this::waiter);
        loop.runReady();
        assertThat(cond.tryAcquire()).isTrue();
        cond.signal(2);
        cond.release();
        loop.runReady();
        assertThat(log).containsExactly("a locked", "b locked");
        assertThat(cond.tryAcquire()).isTrue();
        cond.signalAll();
        cond.release();
        loop.runReady();
        assertThat(log).containsExactly("a locked", "b locked", "c locked", "d locked");
    }

    @Test
    void awaitUntilWaitsAcrossSignalsUntilThePredicateHolds() {
        var items = new ArrayList<String>();
        var checks = new AtomicInteger();
        Task<String> consumer = loop.createTask(() -> {
            try (var _ = cond.hold()) {
                cond.awaitUntil(() -> checks.incrementAndGet() > 0 && items.size() >= 2);
                return String.join(",", items);
            }
        });
        loop.createTask(() -> {
            for (String item : List.of("x", "y")) {
                Async.sleep(Duration.ofSeconds(1));
                try (var _ = cond.hold()) {
                    items.add(item);
                    cond.signalAll();
                }
            }
            return null;
        });
        loop.advance(Duration.ofSeconds(5));
        assertThat(consumer.result()).isEqualTo("x,y");
        assertThat(checks.get()).isEqualTo(3);
    }

    @Test
    void awaitAndSignalWithoutTheLockAreRejected() {
        Task<Void> t = loop.createTask(() -> {
            cond.await();
            return null;
        });
        loop.runReady();
        assertThatThrownBy(t::result).isInstanceOf(InvalidStateException.class).hasMessageContaining("lock");
        assertThatThrownBy(cond::signal).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(cond::signalAll).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> cond.signal(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conditionsCanShareALock() {
        var lock = new Lock();
        var notEmpty = new Condition(lock);
        var notFull = new Condition(lock);
        assertThat(notEmpty.lock()).isSameAs(lock).isSameAs(notFull.lock());
        assertThat(notEmpty.tryAcquire()).isTrue();
        assertThat(notFull.isLocked()).isTrue();
        assertThat(lock.isLocked()).isTrue();
        notFull.release();
        assertThat(notEmpty.isLocked()).isFalse();
    }
}
