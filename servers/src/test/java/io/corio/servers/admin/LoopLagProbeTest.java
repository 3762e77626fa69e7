package io.corio.servers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.testing.TestLoop;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lag measured in virtual time: a callback that holds the loop delays the probe by exactly that long. */
class LoopLagProbeTest {
    @Test
    void slowCallbackShowsAsLagAndTheMaxSurvivesOneWindow() {
        var loop = TestLoop.create();
        try {
            var probe = LoopLagProbe.start(loop, Duration.ofMillis(100), Duration.ofSeconds(1));
            loop.advance(Duration.ofMillis(150));
            assertThat(probe.lastSeconds()).isZero();
            loop.callLater(Duration.ofMillis(40), () -> loop.clock().advance(Duration.ofMillis(30))); // holds 30 ms
            loop.advance(Duration.ofMillis(200));
            assertThat(probe.maxSeconds()).isEqualTo(0.02); // due at 200 ms, ran at 220 ms
            loop.advance(Duration.ofMillis(1500));
            assertThat(probe.lastSeconds()).isZero();
            assertThat(probe.maxSeconds()).isEqualTo(0.02);
            loop.advance(Duration.ofSeconds(2));
            assertThat(probe.maxSeconds()).isZero();
            assertThat(probe.samples()).isGreaterThan(30);
            probe.stop();
        } finally {
            loop.close();
        }
    }
}
