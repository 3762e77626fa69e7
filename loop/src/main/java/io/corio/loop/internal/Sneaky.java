package io.corio.loop.internal;

/**
 * Rethrows any exception unchanged without declaring it, the way {@code await()} hands a coroutine the exception
 * its future failed with, checked or not (as asyncio re-raises the original exception).
 */
public final class Sneaky {
    private Sneaky() {
    }

    /** Throws {@code t}; declared to return an exception so that callers can write {@code throw propagate(t)}. */
    public static RuntimeException propagate(Throwable t) {
        throw Sneaky.<RuntimeException>raise(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E raise(Throwable t) throws E {
        throw (E) t;
    }
}
