package io.corio.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N event loops on N daemon threads, started and shut down together: the way to use several cores. Work never
 * moves between loops by itself; {@link #next()} hands out loops round-robin (a listener with {@code workers: N}
 * gives each loop its own socket).
 *
 * <p>Thread-safe. Each loop runs {@code runForever} on its own thread named {@code corio-loop-<group>-<i>} and is
 * closed on that thread when it stops.
 */
public final class LoopGroup implements AutoCloseable {
    private static final AtomicInteger GROUP_IDS = new AtomicInteger();

    private final List<EventLoop> loops;
    private final List<Thread> threads;
    private final CountDownLatch stopped;
    private final AtomicInteger next = new AtomicInteger();

    private LoopGroup(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a loop group needs at least one loop, got " + size);
        }
        int id = GROUP_IDS.incrementAndGet();
        var loopList = new ArrayList<EventLoop>(size);
        var threadList = new ArrayList<Thread>(size);
        stopped = new CountDownLatch(size);
        var started = new CountDownLatch(size);
        var created = new EventLoop[size];
        var failure = new RuntimeException[1];
        for (int i = 0; i < size; i++) {
            int index = i;
            threadList.add(Thread.ofPlatform().daemon().name("corio-loop-" + id + "-" + i).start(() -> {
                EventLoop loop;
                try {
                    loop = EventLoop.create();
                } catch (RuntimeException e) {
                    failure[0] = e;
                    started.countDown();
                    stopped.countDown();
                    return;
                }
                created[index] = loop;
                loop.callSoon(started::countDown);
                try {
                    loop.runForever();
                } finally {
                    loop.close();
                    stopped.countDown();
                }
            }));
        }
        awaitUninterruptibly(started);
        if (failure[0] != null) {
            for (EventLoop loop : created) {
                if (loop != null) {
                    loop.callSoonThreadsafe(loop::stop);
                }
            }
            throw failure[0];
        }
        loopList.addAll(List.of(created));
        this.loops = List.copyOf(loopList);
        this.threads = List.copyOf(threadList);
    }

    /** Starts {@code size} loops, each running on its own thread, and returns once all of them run. */
    public static LoopGroup start(int size) {
        return new LoopGroup(size);
    }

    /** The loops, in creation order. */
    public List<EventLoop> loops() {
        return loops;
    }

    public int size() {
        return loops.size();
    }

    /** The next loop, round-robin. */
    public EventLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /**
     * Stops every loop after its current iteration, and waits up to {@code timeout} for all of them to stop and
     * close (closing cancels their pending tasks). Returns true if all stopped in time.
     */
    public boolean shutdown(Duration timeout) {
        for (EventLoop loop : loops) {
            try {
                loop.callSoonThreadsafe(loop::stop);
            } catch (ClosedResourceException alreadyClosed) {
                // stopped earlier
            }
        }
        long deadline = Clock.system().nanoTime() + timeout.toNanos();
        try {
            if (!stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            for (Thread t : threads) {
                long left = deadline - Clock.system().nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #shutdown(Duration)} with a 10-second limit. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    /** The loop threads (for diagnostics). */
    public List<Thread> threads() {
        return threads;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LoopGroup[size=" + loops.size() + ", stopped=" + (stopped.getCount() == 0) + "]";
    }
}
