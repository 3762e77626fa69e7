package io.corio.loop.sync;

import io.corio.loop.InvalidStateException;

/**
 * A {@link Semaphore} that refuses to be released more often than it was acquired
 * ({@code asyncio.BoundedSemaphore}): a release that would raise the available permits above the initial number
 * throws, which catches a task that releases twice. Loop-confined; see the package documentation.
 *
 * <p>Like asyncio's, it counts permits, not holders: a permit handed to a waiting task counts as taken, so an extra
 * release while some permit is out is taken for that permit's release and goes unnoticed.
 */
public final class BoundedSemaphore extends Semaphore {
    private final int bound;

    /**
     * A semaphore with {@code permits} permits available, and at most that many ever.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super(permits);
        this.bound = permits;
    }

    /** The initial number of permits, which {@link #available()} never exceeds. */
    public int bound() {
        return bound;
    }

    /**
     * Returns a permit, as {@link Semaphore#release()}.
     *
     * @throws InvalidStateException if every permit is already available (released too many times), or if called off
     *                               the loop the semaphore is bound to
     */
    @Override
    public void release() {
        if (available() >= bound) {
            throw new InvalidStateException("BoundedSemaphore released too many times: " + this);
        }
        super.release();
    }

    @Override
    String describeAvailable() {
        return available() + "/" + bound;
    }
}
