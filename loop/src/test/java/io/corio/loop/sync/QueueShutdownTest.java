package io.corio.loop.sync;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueShutdownTest {
    private final TestLoop loop = TestLoop.create();
    private final Queue<String> queue = new Queue<>(2);

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    private Task<Void> joiner() {
        return loop.createTask(() -> {
            queue.join();
            return null;
        });
    }

    @Test
    void shutdownWakesWaitingGettersOfAnEmptyQueueWithClosedResourceException() {
        var getters = List.of(loop.createTask(queue::get), loop.createTask(queue::get));
        loop.runReady();
        queue.shutdown(false);
        loop.runReady();
        assertThat(getters).allSatisfy(g -> assertThatThrownBy(g::result)
                .isInstanceOf(ClosedResourceException.class).hasMessageContaining("shut down"));
        assertThat(queue.isShutdown()).isTrue();
    }

    @Test
    void afterAnOrderlyShutdownTheRemainingItemsCanStillBeTakenThenGetThrows() {
        queue.offer("a");
        queue.offer("b");
        queue.shutdown(false);
        Task<String> get = loop.createTask(queue::get);
        loop.runReady();
        assertThat(get.result()).isEqualTo("a");
        assertThat(queue.poll()).isEqualTo("b");
        assertThatThrownBy(queue::poll).isInstanceOf(ClosedResourceException.class);
        Task<String> tooLate = loop.createTask(queue::get);
        loop.runReady();
        assertThatThrownBy(tooLate::result).isInstanceOf(ClosedResourceException.class);
    }

    @Test
    void shutdownWakesWaitingPuttersWithClosedResourceExceptionAndRefusesNewItems() {
        queue.offer("a");
        queue.offer("b");
        Task<Void> putter = loop.createTask(() -> {
            queue.put("c");
            return null;
        });
        loop.runReady();
        queue.shutdown(false);
        loop.runReady();
        assertThatThrownBy(putter::result).isInstanceOf(ClosedResourceException.class);
        queue.poll();
        assertThatThrownBy(() -> queue.offer("d")).isInstanceOf(ClosedResourceException.class);
        Task<Void> putIntoRoom = loop.createTask(() -> {
            queue.put("e");
            return null;
        });
        loop.runReady();
        assertThatThrownBy(putIntoRoom::result).isInstanceOf(ClosedResourceException.class);
        assertThat(queue).hasToString("Queue[size=1, maxsize=2, unfinished=2, shutdown]");
    }

    @Test
    void afterAnOrderlyShutdownJoinStillWaitsForTheRemainingItems() {
        queue.offer("a");
        queue.shutdown(false);
        Task<Void> join = joiner();
        loop.runReady();
        assertThat(join.isDone()).isFalse();
        queue.poll();
        queue.taskDone();
        loop.runReady();
        assertThat(join.isDone()).isTrue();
    }

    @Test
    void anImmediateShutdownDiscardsTheItemsReleasesJoinAndFailsEveryGet() {
        queue.offer("a");
        queue.offer("b");
        Task<Void> join = joiner();
        loop.runReady();
        queue.shutdown(true);
        Task<String> get = loop.createTask(queue::get);
        loop.runReady();
        assertThat(join.isDone()).isTrue();
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(get::result).isInstanceOf(ClosedResourceException.class);
        assertThatThrownBy(queue::poll).isInstanceOf(ClosedResourceException.class);
    }

    @Test
    void anImmediateShutdownStillLetsJoinWaitForItemsAlreadyTaken() {
        queue.offer("taken");
        queue.offer("discarded");
        assertThat(queue.poll()).isEqualTo("taken");
        Task<Void> join = joiner();
        loop.runReady();
        queue.shutdown(true);
        loop.runReady();
        assertThat(join.isDone()).isFalse();
        queue.taskDone();
        loop.runReady();
        assertThat(join.isDone()).isTrue();
    }

    @Test
    void shutdownIsIdempotent() {
        queue.offer("a");
        queue.shutdown(false);
        queue.shutdown(false);
        assertThat(queue.poll()).isEqualTo("a");
        queue.shutdown(true);
        assertThat(queue.isShutdown()).isTrue();
    }
}
