package io.corio.bench;

import io.corio.loop.EventLoop;
import io.corio.loop.TimerHandle;
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

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Timers on a loop whose heap already holds {@link #liveTimers} live timers (due in about an hour, spread over a
 * minute), as a server with that many open connections, each with an idle timeout, has.
 * Python: {@code loop_bench.py timer_churn / timer_fire}.
 *
 * <ul>
 * <li>{@link #churn}: {@code callLater(1 h 30 s)} then {@code cancel()} on the returned handle: a per-request
 *     timeout that is cancelled because the request finished first. {@value #N} of them, then one loop iteration
 *     (which drops or purges the cancelled ones, as asyncio does). The new deadline lands in the middle of the
 *     heap.</li>
 * <li>{@link #fire}: {@code callLater(0)} {@value #N} times, then run the loop until all {@value #N} have fired
 *     (they are due at once, so one iteration fires them all): heap insert, heap removal and the callback.</li>
 * </ul>
 *
 * Read: ns per timer (lower is better); timers per second is {@code 1e9 / score}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class TimerChurnBench {
    /** Timers per benchmark invocation. */
    public static final int N = 1024;
    private static final Duration LIVE_BASE = Duration.ofHours(1);
    private static final Duration CHURN_DELAY = LIVE_BASE.plusSeconds(30);

    /** Live (never firing during the run) timers in the heap. */
    @Param({"10000"})
    public int liveTimers;

    private EventLoop loop;
    private int remaining;
    private long fired;

    private static final Runnable NEVER = () -> {
        throw new AssertionError("a benchmark timer fired");
    };

    private final Runnable fire = () -> {
        fired++;
        if (--remaining == 0) {
            loop.stop();
        }
    };

    @Setup
    public void open() {
        loop = EventLoop.create();
        var random = new SplittableRandom(42);
        for (int i = 0; i < liveTimers; i++) {
            loop.callLater(LIVE_BASE.plusMillis(random.nextInt(60_000)), NEVER);
        }
    }

    @TearDown
    public void close() {
        loop.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public boolean churn() {
        boolean cancelled = true;
        for (int i = 0; i < N; i++) {
            TimerHandle h = loop.callLater(CHURN_DELAY, NEVER);
            h.cancel();
            cancelled &= h.isCancelled();
        }
        loop.callSoon(loop::stop);
        loop.runForever();
        return cancelled;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long fire() {
        remaining = N;
        for (int i = 0; i < N; i++) {
            loop.callLater(Duration.ZERO, fire);
        }
        loop.runForever();
        return fired;
    }
}
