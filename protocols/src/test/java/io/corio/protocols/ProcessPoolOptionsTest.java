package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.EventLoop;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad pool settings are refused with a message naming the setting and the value. */
class ProcessPoolOptionsTest {

    @Test
    void aZeroStartTimeoutIsRefused() {
        assertThatThrownBy(() -> ProcessPoolOptions.DEFAULTS.withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("startTimeout must be > 0, got PT0S");
    }

    @Test
    void aNegativeStopTimeoutIsRefused() {
        assertThatThrownBy(() -> new ProcessPoolOptions(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(-1),
                1 << 20, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stopTimeout must be >= 0, got PT-1S");
    }

    @Test
    void aTinyMaxMessageLengthIsRefused() {
        assertThatThrownBy(() -> ProcessPoolOptions.DEFAULTS.withMaxMessageLength(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxMessageLength must be >= 1024, got 10");
    }

    @Test
    void aNicenessOutsideZeroToNineteenIsRefused() {
        assertThatThrownBy(() -> ProcessPoolOptions.DEFAULTS.withNiceness(20))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("niceness must be between 0 and 19, got 20");
        assertThatThrownBy(() -> ProcessPoolOptions.DEFAULTS.withNiceness(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("niceness must be between 0 and 19, got -1");
    }

    @Test
    void aPoolOfNoWorkersIsRefused() {
        try (EventLoop loop = EventLoop.create()) {
            assertThatThrownBy(() -> ProcessPoolExecutor.start(loop, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be >= 1, got 0");
        }
    }
}
