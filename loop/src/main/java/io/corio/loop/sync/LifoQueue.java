package io.corio.loop.sync;

import java.util.ArrayDeque;

/**
 * A {@link Queue} that hands out the most recently put item first ({@code asyncio.LifoQueue}): a stack.
 * Loop-confined; see the package documentation.
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
    private final ArrayDeque<T> stack = new ArrayDeque<>();

    /** An unbounded stack. */
    public LifoQueue() {
        this(0);
    }

    /**
     * A stack holding at most {@code maxsize} items (0: unbounded).
     *
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public LifoQueue(int maxsize) {
        super(maxsize);
    }

    @Override
    protected void putItem(T item) {
        stack.addLast(item);
    }

    @Override
    protected T takeItem() {
        return stack.removeLast();
    }

    @Override
    protected int itemCount() {
        return stack.size();
    }
}
