package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestLoopTest {

    @Test
    void advanceRunsEverythingDueAndStopsAtTheEndOfTheSpan() {
        try (var loop = TestLoop.create()) {
            var fired = new ArrayList<Long>();
            for (int s = 1; s <= 5; s++) {
                loop.callLater(Duration.ofSeconds(s * 10L), () -> fired.add(loop.time()));
            }
            loop.advance(Duration.ofSeconds(30));
            assertThat(fired).containsExactly(10_000_000_000L, 20_000_000_000L, 30_000_000_000L);
            assertThat(loop.time()).isEqualTo(30_000_000_000L);
        }
    }

    @Test
    void runUntilCompleteJumpsOverIdleTime() {
        try (var loop = TestLoop.create()) {
            long realStart = System.nanoTime();
            Task<String> t = loop.createTask(() -> {
                Async.sleep(Duration.ofHours(5));
                return "five hours later";
            });
            assertThat(loop.runUntilComplete(t)).isEqualTo("five hours later");
            assertThat(loop.time()).isEqualTo(Duration.ofHours(5).toNanos());
            assertThat(System.nanoTime() - realStart).isLessThan(Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void anIdleLoopFailsInsteadOfHangingAndNamesThePendingTasks() {
        try (var loop = TestLoop.create()) {
            loop.setIdleLimit(Duration.ofMillis(100));
            Task<String> stuck = loop.createTask(() -> loop.<String>createFuture().await(), "stuck-forever");
            assertThatThrownBy(() -> loop.runUntilComplete(stuck)).isInstanceOf(InvalidStateException.class)
                    .hasMessageContaining("idle").hasMessageContaining("stuck-forever");
        }
    }

    @Test
    void theClockNeverGoesBack() {
        try (var loop = TestLoop.create()) {
            loop.advance(Duration.ofSeconds(1));
            assertThatThrownBy(() -> loop.clock().set(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> loop.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
