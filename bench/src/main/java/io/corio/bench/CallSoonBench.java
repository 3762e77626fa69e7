package io.corio.bench;

import io.corio.loop.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of one callback through {@link EventLoop#callSoon}: scheduling it (a {@code Handle} on the ready
 * queue) plus running it. Python: {@code loop_bench.py call_soon_batch / call_soon_chain}.
 *
 * <ul>
 * <li>{@link #batch}: schedule {@value #N} callbacks, then run the loop until the last one stops it. All of them
 *     run in one loop iteration, so this is the per-callback cost without the per-iteration cost (one
 *     {@code selectNow} syscall), which is shared by the whole batch. A server's burst of ready events looks like
 *     this.</li>
 * <li>{@link #chain}: each callback schedules the next, {@value #N} hops; every hop is a separate loop iteration
 *     with its own non-blocking I/O poll ({@code epoll_wait} with a zero timeout). This is the cost of a "hop" when
 *     nothing else is ready, dominated by the poll syscall.</li>
 * </ul>
 *
 * Read: ns per callback (lower is better); callbacks per second is {@code 1e9 / score}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class CallSoonBench {
    /** Callbacks per benchmark invocation. */
    public static final int N = 1024;

    private EventLoop loop;
    private int remaining;
    private long ran;

    /** Counts down; the last one stops the loop. */
    private final Runnable tick = () -> {
        ran++;
        if (--remaining == 0) {
            loop.stop();
        }
    };

    /** Counts down and schedules itself again until the count reaches zero. */
    private final Runnable hop = new Runnable() {
        @Override
        public void run() {
            ran++;
            if (--remaining == 0) {
                loop.stop();
            } else {
                loop.callSoon(this);
            }
        }
    };

    @Setup
    public void open() {
        loop = EventLoop.create();
    }

    @TearDown
    public void close() {
        loop.close();
        if (ran == 0) {
            throw new IllegalStateException("no callback ran");
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long batch() {
        remaining = N;
        for (int i = 0; i < N; i++) {
            loop.callSoon(tick);
        }
        loop.runForever();
        return ran;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long chain() {
        remaining = N;
        loop.callSoon(hop);
        loop.runForever();
        return ran;
    }
}
