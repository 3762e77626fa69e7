package io.corio.loop.internal;

import io.corio.loop.Clock;

/** The real clock: the one place in Corio that reads {@code System.nanoTime()}. */
public final class SystemClock implements Clock {
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
