package io.corio.servers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidatorsTest {
    private static final long MTIME = 784_111_777_000L;   // Sun, 06 Nov 1994 08:49:37 GMT
    private static final String TAG = Validators.etag(1234, MTIME * 1_000_000);

    @Test
    void theEtagIsStrongAndChangesWithSizeOrTime() {
        assertThat(TAG).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
        assertThat(Validators.etag(1235, MTIME * 1_000_000)).isNotEqualTo(TAG);
        assertThat(Validators.etag(1234, MTIME * 1_000_000 + 1)).isNotEqualTo(TAG);
    }

    @Test
    void datesAreImfFixdatesWithTwoDigitDays() {
        assertThat(Validators.httpDate(MTIME)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(Validators.parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(MTIME);
        assertThat(Validators.parseHttpDate("yesterday")).isEqualTo(-1);
    }

    @Test
    void ifNoneMatchUsesTheWeakComparisonOverAList() {
        assertThat(Validators.noneMatchFails(TAG, TAG)).isTrue();
        assertThat(Validators.noneMatchFails("\"other\", W/" + TAG, TAG)).isTrue();
        assertThat(Validators.noneMatchFails("*", TAG)).isTrue();
        assertThat(Validators.noneMatchFails("\"other\"", TAG)).isFalse();
        assertThat(Validators.noneMatchFails("garbage", TAG)).isFalse();
    }

    @Test
    void ifModifiedSinceComparesWholeSeconds() {
        assertThat(Validators.notModifiedSince("Sun, 06 Nov 1994 08:49:37 GMT", MTIME + 500)).isTrue();
        assertThat(Validators.notModifiedSince("Sun, 06 Nov 1994 08:49:36 GMT", MTIME)).isFalse();
        assertThat(Validators.notModifiedSince("not a date", MTIME)).isFalse();
    }

    @Test
    void ifRangeNeedsTheStrongTagOrTheExactDate() {
        assertThat(Validators.ifRangeHolds(TAG, TAG, MTIME)).isTrue();
        assertThat(Validators.ifRangeHolds("W/" + TAG, TAG, MTIME)).isFalse();
        assertThat(Validators.ifRangeHolds("\"other\"", TAG, MTIME)).isFalse();
        assertThat(Validators.ifRangeHolds("Sun, 06 Nov 1994 08:49:37 GMT", TAG, MTIME)).isTrue();
        assertThat(Validators.ifRangeHolds("Sun, 06 Nov 1994 08:49:38 GMT", TAG, MTIME)).isFalse();
    }
}
