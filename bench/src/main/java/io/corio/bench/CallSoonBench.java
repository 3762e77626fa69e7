package io.corio.bench;

import io.corio.loop.EventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * <li>{@link #chain}: each callback schedules the next, {@value #N} hops; every hop is a separate loop iteration.
 *     With {@code channel=idle-pipe} the loop has a channel to poll, and polls it (a non-blocking
 *     {@code epoll_wait}, ~300 ns) at most every 20 µs while callbacks keep it busy; asyncio and uvloop poll on
 *     every iteration. With {@code channel=none} there is nothing to poll.</li>
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
    private IdleChannel idle;

    /** {@code none}: no channel registered; {@code idle-pipe}: one idle channel, as in a server ({@link IdleChannel}). */
    @Param({"none", "idle-pipe"})
    public String channel;
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
        idle = IdleChannel.register(loop, channel);
    }

    @TearDown
    public void close() {
        if (idle != null) {
            loop.removeReader(idle.pipeSource());
            idle.close();
        }
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
