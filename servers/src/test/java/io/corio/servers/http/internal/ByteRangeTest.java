package io.corio.servers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {
    @Test
    void aClosedRangeIsServedAsAsked() {
        ByteRange r = ByteRange.parse("bytes=0-9", 100);
        assertThat(r).isEqualTo(new ByteRange(0, 9));
        assertThat(r.length()).isEqualTo(10);
        assertThat(r.contentRange(100)).isEqualTo("bytes 0-9/100");
    }

    @Test
    void anOpenRangeAndALastPastTheEndStopAtTheEnd() {
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=90-1000", 100)).isEqualTo(new ByteRange(90, 99));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 99));
    }

    @Test
    void aRangeStartingAtOrPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 100)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-0", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"items=0-9", "bytes=9-0", "bytes=a-b", "bytes=", "bytes=5", "bytes=0-1,5-6",
            "bytes=--1", "bytes=1234567890123456789-"})
    void malformedOtherUnitsAndSeveralRangesServeTheWholeFile(String header) {
        assertThat(ByteRange.parse(header, 100)).as(header).isNull();
    }

    @Test
    void noHeaderServesTheWholeFile() {
        assertThat(ByteRange.parse(null, 100)).isNull();
    }
}
