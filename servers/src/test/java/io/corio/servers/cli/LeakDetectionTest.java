package io.corio.servers.cli;

import io.netty.util.ResourceLeakDetector.Level;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeakDetectionTest {

    @Test
    void isOffUnlessSomethingAsksForIt() {
        assertThat(LeakDetection.choose(Map.of(), Map.of())).contains(Level.DISABLED);
        assertThat(LeakDetection.choose(Map.of("corio.debug", "false"), Map.of("CORIO_DEBUG", "0")))
                .contains(Level.DISABLED);
    }

    @Test
    void debugModeTurnsItOnWithAccessRecords() {
        assertThat(LeakDetection.choose(Map.of(), Map.of("CORIO_DEBUG", "1"))).contains(Level.ADVANCED);
        assertThat(LeakDetection.choose(Map.of("corio.debug", "true"), Map.of())).contains(Level.ADVANCED);
    }

    @Test
    void aLevelTheUserGaveIsLeftToNettyEvenInDebugMode() {
        assertThat(LeakDetection.choose(Map.of("io.netty.leakDetection.level", "paranoid"), Map.of("CORIO_DEBUG", "1")))
                .isEmpty();
        assertThat(LeakDetection.choose(Map.of("io.netty.leakDetectionLevel", "simple"), Map.of())).isEmpty();
    }
}
