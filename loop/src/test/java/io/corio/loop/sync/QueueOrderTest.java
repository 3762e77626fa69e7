package io.corio.loop.sync;

import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueOrderTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
    }

    private static <T> List<T> drain(Queue<T> queue) {
        var out = new ArrayList<T>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            out.add(item);
        }
        return out;
    }

    @Test
    void aPriorityQueueHandsOutTheSmallestItemFirst() {
        var queue = new PriorityQueue<Integer>();
        List.of(5, 1, 4, 2, 3).forEach(queue::offer);
        assertThat(drain(queue)).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aPriorityQueueFollowsItsComparatorAndKeepsTiesInInsertionOrder() {
        record Job(int priority, String name) {
        }
        var queue = new PriorityQueue<Job>(0, Comparator.comparingInt(Job::priority).reversed());
        List.of(new Job(1, "low-1"), new Job(9, "high-1"), new Job(1, "low-2"), new Job(9, "high-2"),
                new Job(5, "mid"), new Job(1, "low-3")).forEach(queue::offer);
        assertThat(drain(queue)).extracting(Job::name)
                .containsExactly("high-1", "high-2", "mid", "low-1", "low-2", "low-3");
    }

    @Test
    void aPriorityQueueInNaturalOrderRejectsItemsThatAreNotComparable() {
        var queue = new PriorityQueue<Object>();
        assertThatThrownBy(() -> queue.offer(new Object())).isInstanceOf(ClassCastException.class);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aBoundedPriorityQueueMakesPutWaitAndGetReturnsTheSmallest() {
        var queue = new PriorityQueue<Integer>(2);
        Task<Void> producer = loop.createTask(() -> {
            for (int i : List.of(3, 2, 1)) {
                queue.put(i);
            }
            return null;
        });
        loop.runReady();
        assertThat(producer.isDone()).isFalse();
        Task<Integer> consumer = loop.createTask(queue::get);
        loop.runReady();
        assertThat(consumer.result()).isEqualTo(2);
        assertThat(producer.isDone()).isTrue();
        assertThat(drain(queue)).containsExactly(1, 3);
        assertThat(queue).hasToString("PriorityQueue[size=0, maxsize=2, unfinished=3]");
    }

    @Test
    void aLifoQueueHandsOutTheNewestItemFirst() {
        var queue = new LifoQueue<String>();
        List.of("a", "b", "c").forEach(queue::offer);
        assertThat(queue.poll()).isEqualTo("c");
        queue.offer("d");
        assertThat(drain(queue)).containsExactly("d", "b", "a");
    }

    @Test
    void aBoundedLifoQueueMakesPutWait() {
        var queue = new LifoQueue<String>(1);
        queue.offer("a");
        assertThat(queue.offer("b")).isFalse();
        assertThat(queue.isFull()).isTrue();
        Task<String> t = loop.createTask(() -> {
            queue.put("c");
            return queue.get();
        });
        loop.runReady();
        assertThat(t.isDone()).isFalse();
        assertThat(queue.poll()).isEqualTo("a");
        loop.runReady();
        assertThat(t.result()).isEqualTo("c");
    }

    @Test
    void theSubclassesNameThemselvesInToString() {
        var lifo = new LifoQueue<String>(3);
        lifo.offer("a");
        assertThat(lifo).hasToString("LifoQueue[size=1, maxsize=3, unfinished=1]");
        assertThat(new PriorityQueue<String>()).hasToString("PriorityQueue[size=0]");
    }
}
