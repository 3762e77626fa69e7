package io.corio.servers.config.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndHours() {
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.duration("2 m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Units.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.duration("0")).isEqualTo(Duration.ZERO);
        assertThat(Units.duration("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDurationWithoutAUnitIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> Units.duration("30"))
                .hasMessage("'30' needs a unit: 30ms, 30s, 30m or 30h");
    }

    @Test
    void fractionsAndUnknownUnitsAreRefused() {
        assertThatThrownBy(() -> Units.duration("1.5s")).hasMessageContaining("whole numbers only");
        assertThatThrownBy(() -> Units.duration("3d")).hasMessageContaining("unknown duration unit 'd'")
                .hasMessageContaining("expected ms, s, m or h");
        assertThatThrownBy(() -> Units.duration("soon")).hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> Units.duration("-5s")).hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> Units.duration("99999999999999999h")).hasMessageContaining("too large");
    }

    @Test
    void sizesTakeBytesAndBinaryUnits() {
        assertThat(Units.size("512")).isEqualTo(512);
        assertThat(Units.size("512B")).isEqualTo(512);
        assertThat(Units.size("16KiB")).isEqualTo(16 * 1024);
        assertThat(Units.size("1 MiB")).isEqualTo(1024 * 1024);
        assertThat(Units.size("2gib")).isEqualTo(2L << 30);
    }

    @Test
    void decimalLookingUnitsAreAmbiguousAndTheHintGivesBothSpellings() {
        for (String text : List.of("64KB", "64kb", "64K")) {
            assertThatThrownBy(() -> Units.size(text)).as(text)
                    .hasMessage("'" + text + "' is ambiguous (1000 or 1024?): write 64KiB (65536 bytes) or 64000");
        }
        assertThatThrownBy(() -> Units.size("1MB")).hasMessageContaining("write 1MiB (1048576 bytes) or 1000000");
        assertThatThrownBy(() -> Units.size("1GB")).hasMessageContaining("write 1GiB");
    }

    @Test
    void oversizedAndMalformedSizesAreRefused() {
        assertThatThrownBy(() -> Units.size("99999999999GiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Units.size("1.5MiB")).hasMessageContaining("whole numbers only");
        assertThatThrownBy(() -> Units.size("12 parsecs")).hasMessageContaining("unknown size unit 'parsecs'");
        assertThatThrownBy(() -> Units.size("16-KiB")).hasMessageContaining("expected a size");
    }

    @Test
    void suggestionsIgnoreCaseAndUnderscoresAndStayClose() {
        var keys = List.of("maxConnections", "workers", "writeLowWater");
        assertThat(Suggestions.closest("max_connections", keys)).isEqualTo("maxConnections");
        assertThat(Suggestions.closest("workerz", keys)).isEqualTo("workers");
        assertThat(Suggestions.closest("colour", keys)).isNull();
        assertThat(Suggestions.closest("tpc", List.of("tcp", "udp", "unix", "tls"))).isEqualTo("tcp");
        assertThat(Suggestions.hint("htp", List.of("echo", "http", "rpc"))).isEqualTo(" (did you mean http?)");
    }
}
