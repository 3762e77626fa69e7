package io.corio.loop.sync;

import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Queue} that hands out the smallest item first ({@code asyncio.PriorityQueue}), by natural order or by a
 * comparator. Items that compare equal come out in the order they were put. Loop-confined; see the package
 * documentation.
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
    private final java.util.PriorityQueue<Entry<T>> heap;
    private final boolean natural;
    private long sequence;

    /** An unbounded queue in natural order; items must be {@link Comparable}. */
    public PriorityQueue() {
        this(0);
    }

    /**
     * A queue in natural order holding at most {@code maxsize} items (0: unbounded); items must be
     * {@link Comparable}.
     *
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * A queue ordered by {@code comparator} (natural order if null) holding at most {@code maxsize} items
     * (0: unbounded).
     *
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize);
        this.natural = comparator == null;
        Comparator<? super T> order = natural ? PriorityQueue::compareNaturally : comparator;
        this.heap = new java.util.PriorityQueue<>(
                Comparator.<Entry<T>, T>comparing(Entry::item, order).thenComparingLong(Entry::sequence));
    }

    /**
     * Stores {@code item} in order.
     *
     * @throws ClassCastException if the queue uses natural order and {@code item} is not {@link Comparable}
     */
    @Override
    protected void putItem(T item) {
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException("a PriorityQueue without a comparator needs Comparable items, got "
                    + item.getClass().getName());
        }
        heap.add(new Entry<>(item, sequence++));
    }

    @Override
    protected T takeItem() {
        return Objects.requireNonNull(heap.poll()).item();
    }

    @Override
    protected int itemCount() {
        return heap.size();
    }

    @SuppressWarnings("unchecked")
    private static <T> int compareNaturally(T a, T b) {
        return ((Comparable<? super T>) a).compareTo(b);
    }

    private record Entry<T>(T item, long sequence) {
    }
}
