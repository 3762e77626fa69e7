package io.corio.loop.sync;

import io.corio.loop.InvalidStateException;

/**
 * Something acquired with {@code hold()} ({@link Lock#hold()}, {@link Condition#hold()}, {@link Semaphore#hold()}):
 * {@link #close()} releases it, so that {@code try (var held = lock.hold()) { ... }} releases on every path.
 * Loop-confined, like what it holds.
 */
public final class Held implements AutoCloseable {
    private final Object owner;
    private final Runnable release;
    private boolean released;

    Held(Object owner, Runnable release) {
        this.owner = owner;
        this.release = release;
    }

    /**
     * Releases the first time it is called; later calls do nothing.
     *
     * @throws InvalidStateException as the owner's {@code release()}, for example if it was released by other means
     */
    @Override
    public void close() {
        if (!released) {
            released = true;
            release.run();
        }
    }

    /** For example {@code Held[held, Lock[locked]]}. */
    @Override
    public String toString() {
        return "Held[" + (released ? "released" : "held") + ", " + owner + "]";
    }
}
