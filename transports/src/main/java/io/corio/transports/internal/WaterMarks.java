package io.corio.transports.internal;

/** Validation of write buffer water marks, shared by the options records and every transport. */
public final class WaterMarks {
    private WaterMarks() {
    }

    /** @throws IllegalArgumentException unless {@code 0 <= low <= high} */
    public static void check(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
    }
}
