package io.corio.loop.sync;

import io.corio.loop.CancelledException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in, first-out queue between the tasks of one loop ({@code asyncio.Queue}), optionally bounded:
 * {@link #put} waits while it is full, {@link #get()} waits while it is empty. Loop-confined; see the package
 * documentation. Null items are not allowed.
 *
 * <pre>{@code
 * var jobs = new Queue<Job>(100);
 * // producer                       // consumer
 * jobs.put(job);                    while (true) {
 * ...                                   Job job = jobs.get();
 * jobs.join();  // all processed        try { run(job); } finally { jobs.taskDone(); }
 *                                   }
 * }</pre>
 *
 * <h2>Waiting and cancellation</h2>
 * An item stays in the queue until a getter takes it: a getter woken for an item but cancelled before it resumed
 * leaves the item for the next one, and a putter cancelled while it waits inserts nothing. Waiting tasks are woken
 * in arrival order. As in asyncio, a woken task competes with non-waiting callers: if {@link #poll()} (or
 * {@link #offer}) takes the item (or the free slot) first, the woken task waits again.
 *
 * <h2>Tracking work</h2>
 * Each item put raises a count of unfinished items; {@link #taskDone()} lowers it, and {@link #join()} waits until
 * it is zero.
 *
 * <h2>Shutting down</h2>
 * After {@link #shutdown(boolean)}, {@link #put} and {@link #offer} throw {@link ClosedResourceException}, and so
 * do {@link #get()} and {@link #poll()} once the queue is empty; tasks waiting in {@code put} or {@code get} are woken
 * to find that out.
 *
 * <h2>Subclasses</h2>
 * The storage is behind three hooks, as asyncio's {@code _put}, {@code _get} and {@code _qsize}:
 * {@link #putItem}, {@link #takeItem()} and {@link #itemCount()}. A subclass that changes the order overrides all
 * three with storage of its own, created in its constructor (this class calls no hook while constructing): see
 * {@link PriorityQueue} and {@link LifoQueue}.
 *
 * @param <T> the type of the items
 */
public class Queue<T> {
    private final LoopBinding binding = new LoopBinding();
    private final WaiterQueue getters = new WaiterQueue();
    private final WaiterQueue putters = new WaiterQueue();
    private final Event finished = new Event();  // set while no item is unfinished
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int maxsize;
    private int unfinished;
    private boolean shutdown;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * A queue that holds at most {@code maxsize} items, or any number if {@code maxsize} is 0.
     *
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public Queue(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0: unbounded), got " + maxsize);
        }
        this.maxsize = maxsize;
        finished.set();
    }

    /**
     * Adds {@code item}, waiting while the queue is full. Suspending; a cancellation point when it waits.
     *
     * @throws NullPointerException    if {@code item} is null
     * @throws ClosedResourceException if the queue is shut down, before or while this task waits
     * @throws CancelledException      if the task is cancelled while waiting; the item was not added then
     * @throws IllegalStateException   if not called inside a task
     * @throws InvalidStateException   if the queue is bound to another loop
     */
    public void put(T item) {
        Objects.requireNonNull(item, "item");
        EventLoop loop = binding.forSuspending(this, "put");
        while (true) {
            if (shutdown) {
                throw closed("put()");
            }
            if (!isFull()) {
                break;
            }
            putters.awaitTurn(loop, () -> {
                if (!isFull()) {
                    putters.wakeFirst();  // woken for a free slot that this task will not fill
                }
            });
        }
        add(item);
    }

    /**
     * Adds {@code item} if the queue is not full; never waits. On the loop (a task or a callback).
     *
     * @return false if the queue is full
     * @throws NullPointerException    if {@code item} is null
     * @throws ClosedResourceException if the queue is shut down
     * @throws InvalidStateException   if called off the loop the queue is bound to
     */
    public boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        binding.check(this, "offer");
        if (shutdown) {
            throw closed("offer()");
        }
        if (isFull()) {
            return false;
        }
        add(item);
        return true;
    }

    /**
     * Removes and returns the next item, waiting while the queue is empty. Suspending; a cancellation point when it
     * waits.
     *
     * @throws ClosedResourceException if the queue is shut down and empty, before or while this task waits
     * @throws CancelledException      if the task is cancelled while waiting; an item that was meant for it stays
     *                                 in the queue
     * @throws IllegalStateException   if not called inside a task
     * @throws InvalidStateException   if the queue is bound to another loop
     */
    public T get() {
        EventLoop loop = binding.forSuspending(this, "get");
        while (isEmpty()) {
            if (shutdown) {
                throw closed("get()");
            }
            getters.awaitTurn(loop, () -> {
                if (!isEmpty()) {
                    getters.wakeFirst();  // woken for an item that this task will not take
                }
            });
        }
        return take();
    }

    /**
     * Removes and returns the next item if there is one; never waits. On the loop (a task or a callback).
     *
     * @return the item, or null if the queue is empty (and not shut down)
     * @throws ClosedResourceException if the queue is shut down and empty
     * @throws InvalidStateException   if called off the loop the queue is bound to
     */
    public T poll() {
        binding.check(this, "poll");
        if (isEmpty()) {
            if (shutdown) {
                throw closed("poll()");
            }
            return null;
        }
        return take();
    }

    /**
     * Marks one item taken from the queue as processed, for {@link #join()}. On the loop (a task or a callback).
     *
     * @throws InvalidStateException if called more times than items were put, or off the loop the queue is bound to
     */
    public void taskDone() {
        binding.check(this, "taskDone");
        if (unfinished == 0) {
            throw new InvalidStateException("taskDone() called more times than items were put: " + this);
        }
        if (--unfinished == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put has been marked processed with {@link #taskDone()}; returns at once if none is
     * unfinished. Suspending; a cancellation point when it waits.
     *
     * @throws CancelledException    if the task is cancelled while waiting
     * @throws IllegalStateException if not called inside a task
     * @throws InvalidStateException if the queue is bound to another loop
     */
    public void join() {
        binding.forSuspending(this, "join");
        if (unfinished > 0) {
            finished.await();
        }
    }

    /**
     * Shuts the queue down (Python 3.13's {@code Queue.shutdown}): from now on {@link #put} and {@link #offer}
     * throw {@link ClosedResourceException}, and {@link #get()} and {@link #poll()} throw it once the queue is empty.
     * Waiting putters are woken and throw; waiting getters are woken and take the remaining items, or throw if there
     * are none.
     *
     * <p>With {@code immediate}, the remaining items are discarded and count as processed, so that {@link #join()}
     * returns unless items already taken are still unprocessed; every waiting getter throws.
     *
     * <p>Idempotent. On the loop (a task or a callback).
     *
     * @throws InvalidStateException if called off the loop the queue is bound to
     */
    public void shutdown(boolean immediate) {
        binding.check(this, "shutdown");
        shutdown = true;
        if (immediate) {
            while (itemCount() > 0) {
                takeItem();
                if (unfinished > 0) {
                    unfinished--;
                }
            }
            if (unfinished == 0) {
                finished.set();
            }
        }
        getters.wake(Integer.MAX_VALUE);
        putters.wake(Integer.MAX_VALUE);
    }

    /** True once {@link #shutdown(boolean)} was called. */
    public boolean isShutdown() {
        return shutdown;
    }

    /** The number of items in the queue. */
    public int size() {
        return itemCount();
    }

    /** True if the queue holds no item. */
    public boolean isEmpty() {
        return itemCount() == 0;
    }

    /** True if the queue is bounded and holds {@link #maxsize()} items (never true for an unbounded queue). */
    public boolean isFull() {
        return maxsize > 0 && itemCount() >= maxsize;
    }

    /** The most items the queue holds, 0 if unbounded. */
    public int maxsize() {
        return maxsize;
    }

    // -------------------------------------------------------------------------------------------------- hooks

    /** Stores {@code item}. Called by {@link #put} and {@link #offer} when the queue has room. */
    protected void putItem(T item) {
        items.addLast(item);
    }

    /** Removes and returns the next item. Called only when {@link #itemCount()} is positive. */
    protected T takeItem() {
        return items.removeFirst();
    }

    /** The number of stored items. */
    protected int itemCount() {
        return items.size();
    }

    // ------------------------------------------------------------------------------------------------ private

    private void add(T item) {
        putItem(item);
        unfinished++;
        finished.clear();
        getters.wakeFirst();
    }

    private T take() {
        T item = takeItem();
        putters.wakeFirst();
        return item;
    }

    private String name() {
        return getClass().getSimpleName();
    }

    private ClosedResourceException closed(String operation) {
        return new ClosedResourceException(operation + " on a queue that is shut down: " + this);
    }

    /** For example {@code Queue[size=2, maxsize=5, putters=1, unfinished=4]} or {@code Queue[size=0, shutdown]}. */
    @Override
    public String toString() {
        var sb = new StringBuilder(name()).append("[size=").append(itemCount());
        if (maxsize > 0) {
            sb.append(", maxsize=").append(maxsize);
        }
        int g = getters.size();
        int p = putters.size();
        if (g > 0) {
            sb.append(", getters=").append(g);
        }
        if (p > 0) {
            sb.append(", putters=").append(p);
        }
        if (unfinished > 0) {
            sb.append(", unfinished=").append(unfinished);
        }
        if (shutdown) {
            sb.append(", shutdown");
        }
        return sb.append(']').toString();
    }
}
