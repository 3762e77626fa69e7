package io.corio.loop.sync;

import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    @Test
    void itemsComeOutInTheOrderTheyWentIn() {
        var queue = new Queue<String>();
        Task<List<String>> t = loop.createTask(() -> {
            for (String s : List.of("a", "b", "c")) {
                queue.put(s);
            }
            return List.of(queue.get(), queue.get(), queue.get());
        });
        loop.runReady();
        assertThat(t.result()).containsExactly("a", "b", "c");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void getWaitsForAnItemAndWaitingGettersAreServedInArrivalOrder() {
        var queue = new Queue<String>();
        Task<String> first = loop.createTask(queue::get);
        Task<String> second = loop.createTask(queue::get);
        loop.runReady();
        assertThat(queue).hasToString("Queue[size=0, getters=2]");
        assertThat(queue.offer("x")).isTrue();
        assertThat(queue.offer("y")).isTrue();
        loop.runReady();
        assertThat(first.result()).isEqualTo("x");
        assertThat(second.result()).isEqualTo("y");
    }

    @Test
    void putWaitsWhileABoundedQueueIsFull() {
        var queue = new Queue<Integer>(2);
        var put = new ArrayList<Integer>();
        Task<Void> producer = loop.createTask(() -> {
            for (int i = 1; i <= 4; i++) {
                queue.put(i);
                put.add(i);
            }
            return null;
        });
        loop.runReady();
        assertThat(put).containsExactly(1, 2);
        assertThat(queue.isFull()).isTrue();
        assertThat(queue).hasToString("Queue[size=2, maxsize=2, putters=1, unfinished=2]");
        assertThat(queue.poll()).isEqualTo(1);
        loop.runReady();
        assertThat(put).containsExactly(1, 2, 3);
        assertThat(producer.isDone()).isFalse();
    }

    @Test
    void offerAndPollNeverWait() {
        var queue = new Queue<String>(1);
        assertThat(queue.poll()).isNull();
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b")).isFalse();
        assertThat(queue.size()).isOne();
        assertThat(queue.maxsize()).isOne();
        assertThat(queue.poll()).isEqualTo("a");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void anUnboundedQueueIsNeverFull() {
        var queue = new Queue<Integer>(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        assertThat(queue.isFull()).isFalse();
        assertThat(queue.size()).isEqualTo(10_000);
    }

    @Test
    void nullItemsAndNegativeSizesAreRejected() {
        var queue = new Queue<String>();
        assertThatThrownBy(() -> queue.offer(null)).isInstanceOf(NullPointerException.class);
        Task<Void> t = loop.createTask(() -> {
            queue.put(null);
            return null;
        });
        loop.runReady();
        assertThatThrownBy(t::result).isInstanceOf(NullPointerException.class);
        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(() -> new Queue<String>(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        var queue = new Queue<String>();
        queue.offer("a");
        queue.offer("b");
        Task<Void> joiner = loop.createTask(() -> {
            queue.join();
            return null;
        });
        loop.runReady();
        queue.poll();
        queue.poll();
        queue.taskDone();
        loop.runReady();
        assertThat(joiner.isDone()).isFalse();
        queue.taskDone();
        loop.runReady();
        assertThat(joiner.isDone()).isTrue();
        assertThatThrownBy(queue::taskDone).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("more times");
    }

    @Test
    void joinReturnsAtOnceWhenNothingIsUnfinished() {
        var queue = new Queue<String>();
        Task<String> t = loop.createTask(() -> {
            queue.join();
            return "joined";
        });
        loop.runReady();
        assertThat(t.result()).isEqualTo("joined");
    }
}
