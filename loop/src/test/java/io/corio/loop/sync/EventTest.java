package io.corio.loop.sync;

import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventTest {
    private final TestLoop loop = TestLoop.create();
    private final Event event = new Event();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    private Task<Void> waiter(String name) {
        return loop.createTask(() -> {
            event.await();
            log.add(name);
            return null;
        }, name);
    }

    @Test
    void anEventStartsUnsetAndAwaitWaitsForSet() {
        assertThat(event.isSet()).isFalse();
        Task<Void> t = waiter("t");
        loop.runReady();
        assertThat(t.isDone()).isFalse();
        event.set();
        loop.runReady();
        assertThat(t.isDone()).isTrue();
        assertThat(event.isSet()).isTrue();
    }

    @Test
    void setWakesEveryWaitingTaskInOrder() {
        waiter("a");
        waiter("b");
        waiter("c");
        loop.runReady();
        assertThat(event).hasToString("Event[unset, waiters=3]");
        event.set();
        loop.runReady();
        assertThat(log).containsExactly("a", "b", "c");
        assertThat(event).hasToString("Event[set]");
    }

    @Test
    void awaitOnASetEventReturnsWithoutWaiting() {
        event.set();
        Task<Integer> t = loop.createTask(() -> {
            event.await();
            event.await();
            return 1;
        });
        loop.runReady();
        assertThat(t.result()).isEqualTo(1);
    }

    @Test
    void clearMakesLaterAwaitsWaitAgain() {
        event.set();
        event.clear();
        Task<Void> t = waiter("t");
        loop.runReady();
        assertThat(t.isDone()).isFalse();
        assertThat(event.isSet()).isFalse();
    }

    @Test
    void aTaskWokenBySetReturnsEvenIfTheEventIsClearedBeforeItResumes() {
        Task<Void> t = waiter("t");
        loop.runReady();
        event.set();
        event.clear();
        loop.runReady();
        assertThat(t.isDone()).isTrue();
        assertThat(log).containsExactly("t");
    }

    @Test
    void aCancelledWaiterIsForgottenAndTheOthersStillWake() {
        Task<Void> cancelled = waiter("cancelled");
        waiter("kept");
        loop.runReady();
        cancelled.cancel();
        loop.runReady();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(event).hasToString("Event[unset, waiters=1]");
        event.set();
        loop.runReady();
        assertThat(log).containsExactly("kept");
    }
}
