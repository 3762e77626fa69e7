package io.corio.loop.internal;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimerHeapTest {

    @Test
    void pollsInDueThenSchedulingOrder() {
        try (var loop = TestLoop.create()) {
            var heap = new TimerHeap();
            var random = new Random(7);
            for (int i = 0; i < 500; i++) {
                heap.add(new Timer((BaseEventLoop) (Object) loop, random.nextInt(50), i, () -> { }));
            }
            var polled = new ArrayList<Timer>();
            while (!heap.isEmpty()) {
                polled.add(heap.poll());
            }
            for (int i = 1; i < polled.size(); i++) {
                Timer a = polled.get(i - 1);
                Timer b = polled.get(i);
                assertThat(a.when < b.when || (a.when == b.when && a.seq < b.seq)).isTrue();
            }
        }
    }

    @Test
    void cancelledTimersArePurgedWhenTheyDominateTheHeap() {
        try (var loop = TestLoop.create()) {
            var timers = new ArrayList<io.corio.loop.TimerHandle>();
            for (int i = 0; i < 400; i++) {
                timers.add(loop.callLater(java.time.Duration.ofSeconds(i + 1), () -> { }));
            }
            // 150 cancelled of 400: more than 100 but not more than half: kept
            for (int i = 0; i < 150; i++) {
                timers.get(i).cancel();
            }
            assertThat(heapOf(loop).size()).isEqualTo(400);
            // the 201st cancellation makes them dominate: purged down to the live ones
            for (int i = 150; i < 201; i++) {
                timers.get(i).cancel();
            }
            assertThat(heapOf(loop).size()).isEqualTo(199);
            assertThat(heapOf(loop).cancelledCount()).isZero();
        }
    }

    private static TimerHeap heapOf(TestLoop loop) {
        try {
            var field = BaseEventLoop.class.getDeclaredField("timers");
            field.setAccessible(true);
            return (TimerHeap) field.get(loop);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
