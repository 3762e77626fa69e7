package io.corio.transports.internal;

/** Write buffer water marks: their validation and the pause rule, shared by the options records and every transport. */
public final class WaterMarks {
    /** {@link #crossing}: the pause state stays as it is. */
    public static final int NONE = 0;
    /** {@link #crossing}: call {@code pauseWriting}. */
    public static final int PAUSE = 1;
    /** {@link #crossing}: call {@code resumeWriting}. */
    public static final int RESUME = 2;

    private WaterMarks() {
    }

    /** @throws IllegalArgumentException unless {@code 0 <= low <= high} */
    public static void check(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
    }

    /**
     * What {@code buffered} bytes ask of a transport whose protocol is {@code paused} or not: {@link #PAUSE} strictly
     * above {@code high}, {@link #RESUME} at or below {@code low}, so that the calls come in pairs; else {@link #NONE}.
     */
    public static int crossing(boolean paused, long buffered, int high, int low) {
        if (!paused && buffered > high) {
            return PAUSE;
        }
        return paused && buffered <= low ? RESUME : NONE;
    }
}
