package io.corio.loop.sync;

import io.corio.loop.Async;
import io.corio.loop.Task;
import io.corio.loop.TimeoutException;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueCancellationTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    @Test
    void aGetterCancelledAfterAnItemArrivedLeavesTheItemForTheNextGetter() {
        var queue = new Queue<String>();
        Task<String> first = loop.createTask(queue::get);
        Task<String> second = loop.createTask(queue::get);
        loop.runReady();
        queue.offer("item");  // wakes "first", which has not resumed yet
        first.cancel();
        loop.runReady();
        assertThat(first.isCancelled()).isTrue();
        assertThat(second.result()).isEqualTo("item");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aGetterCancelledAfterAnItemArrivedLeavesItInTheQueueWhenNobodyElseWaits() {
        var queue = new Queue<String>();
        Task<String> only = loop.createTask(queue::get);
        loop.runReady();
        queue.offer("item");
        only.cancel();
        loop.runReady();
        assertThat(only.isCancelled()).isTrue();
        assertThat(queue.size()).isOne();
        assertThat(queue.poll()).isEqualTo("item");
    }

    @Test
    void aCancelledPutterInsertsNothing() {
        var queue = new Queue<String>(1);
        queue.offer("first");
        Task<Void> putter = loop.createTask(() -> {
            queue.put("never");
            return null;
        });
        loop.runReady();
        putter.cancel();
        loop.runReady();
        assertThat(putter.isCancelled()).isTrue();
        assertThat(queue.poll()).isEqualTo("first");
        loop.runReady();
        assertThat(queue.poll()).isNull();
        assertThat(queue).hasToString("Queue[size=0, maxsize=1, unfinished=1]");
    }

    @Test
    void aPutterCancelledAfterASlotFreedUpLeavesTheSlotForTheNextPutter() {
        var queue = new Queue<String>(1);
        queue.offer("old");
        var putters = new ArrayList<Task<Void>>();
        for (String item : List.of("cancelled", "kept")) {
            putters.add(loop.createTask(() -> {
                queue.put(item);
                return null;
            }));
        }
        loop.runReady();
        assertThat(queue.poll()).isEqualTo("old");  // wakes the first putter, which has not resumed yet
        putters.getFirst().cancel();
        loop.runReady();
        assertThat(putters.getFirst().isCancelled()).isTrue();
        assertThat(putters.getLast().isDone()).isTrue();
        assertThat(queue.poll()).isEqualTo("kept");
    }

    @Test
    void aGetWithATimeoutGivesUpWithoutTakingALaterItem() {
        var queue = new Queue<String>();
        Task<String> impatient = loop.createTask(() -> Async.timeout(Duration.ofSeconds(1), queue::get));
        loop.advance(Duration.ofSeconds(2));
        assertThatThrownBy(impatient::result).isInstanceOf(TimeoutException.class);
        queue.offer("late");
        assertThat(queue).hasToString("Queue[size=1, unfinished=1]");
    }
}
