package io.corio.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopGroupTest {

    @Test
    void eachLoopRunsOnItsOwnDaemonThread() throws Exception {
        try (var group = LoopGroup.start(3)) {
            assertThat(group.size()).isEqualTo(3);
            var names = new HashSet<String>();
            for (EventLoop loop : group.loops()) {
                names.add(loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS));
            }
            assertThat(names).hasSize(3).allMatch(n -> n.startsWith("corio-task-"));
            assertThat(group.threads()).allMatch(Thread::isDaemon).allMatch(Thread::isAlive);
            assertThat(group.loops()).allMatch(EventLoop::isRunning);
        }
    }

    @Test
    void nextHandsOutLoopsRoundRobin() {
        try (var group = LoopGroup.start(2)) {
            EventLoop a = group.next();
            EventLoop b = group.next();
            assertThat(a).isNotSameAs(b);
            assertThat(group.next()).isSameAs(a);
            assertThat(group.next()).isSameAs(b);
        }
    }

    @Test
    void shutdownStopsAndClosesEveryLoopAndCancelsTheirTasks() throws Exception {
        var group = LoopGroup.start(2);
        EventLoop loop = group.next();
        var sleeping = loop.submit(() -> {
            Async.sleep(Duration.ofHours(1));
            return "never";
        });
        Thread.sleep(20);
        assertThat(group.shutdown(Duration.ofSeconds(10))).isTrue();
        assertThat(group.loops()).allMatch(EventLoop::isClosed);
        assertThat(group.threads()).noneMatch(Thread::isAlive);
        assertThat(sleeping.isCancelled()).isTrue();
    }

    @Test
    void aGroupNeedsAtLeastOneLoop() {
        assertThatThrownBy(() -> LoopGroup.start(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
