package io.corio.loop.sync;

import io.corio.loop.CancelledException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionCancellationTest {
    private final TestLoop loop = TestLoop.create();
    private final Condition cond = new Condition();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    /** A task that waits once on the condition and records how it ended and whether it held the lock then. */
    private Task<Void> waiter(String name) {
        return loop.createTask(() -> {
            try (var _ = cond.hold()) {
                try {
                    cond.await();
                    log.add(name + " signalled");
                } catch (CancelledException e) {
                    log.add(name + " cancelled, " + (cond.isLocked() ? "locked" : "unlocked"));
                    throw e;
                }
            }
            return null;
        }, name);
    }

    @Test
    void aCancelledWaiterTakesTheLockBackBeforeTheCancellationArrives() {
        Task<Void> t = waiter("t");
        loop.runReady();
        assertThat(cond.tryAcquire()).isTrue();  // someone else holds the lock
        t.cancel();
        loop.runReady();
        assertThat(t.isDone()).isFalse();
        assertThat(log).isEmpty();
        cond.release();
        loop.runReady();
        assertThat(log).containsExactly("t cancelled, locked");
        assertThat(t.isCancelled()).isTrue();
        assertThat(cond.isLocked()).isFalse();  // released by hold() on the way out
    }

    @Test
    void aWaiterCancelledAfterItWasSignalledPassesTheSignalOn() {
        Task<Void> first = waiter("first");
        waiter("second");
        loop.runReady();
        assertThat(cond.tryAcquire()).isTrue();
        cond.signal();
        first.cancel();
        cond.release();
        loop.runReady();
        assertThat(log).containsExactly("first cancelled, locked", "second signalled");
        assertThat(first.isCancelled()).isTrue();
        assertThat(cond).hasToString("Condition[unlocked]");
    }

    @Test
    void aWaiterCancelledWhileTakingTheLockBackAfterASignalPassesTheSignalOn() {
        Task<Void> first = waiter("first");
        waiter("second");
        loop.runReady();
        assertThat(cond.tryAcquire()).isTrue();
        cond.signal();
        loop.runReady();              // "first" resumes and waits for the lock
        first.cancel();
        loop.runReady();
        assertThat(log).isEmpty();
        cond.release();
        loop.runReady();
        assertThat(log).containsExactly("first cancelled, locked", "second signalled");
    }

    @Test
    void aWaiterCancelledTwiceStillEndsWithTheLockAndReportsTheSecondAsSuppressed() {
        var caught = new ArrayList<CancelledException>();
        Task<Void> t = loop.createTask(() -> {
            try (var _ = cond.hold()) {
                cond.await();
            } catch (CancelledException e) {
                caught.add(e);
                throw e;
            }
            return null;
        });
        loop.runReady();
        assertThat(cond.tryAcquire()).isTrue();
        t.cancel("first");
        loop.runReady();
        t.cancel("second");
        loop.runReady();
        assertThat(t.isDone()).isFalse();
        cond.release();
        loop.runReady();
        assertThat(t.isCancelled()).isTrue();
        assertThat(caught).singleElement().satisfies(e -> {
            assertThat(e).hasMessage("first");
            assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("second"));
        });
        assertThat(cond.isLocked()).isFalse();
    }
}
