package io.corio.bench;

import io.corio.loop.EventLoop;
import io.corio.loop.LoopGroup;
import io.corio.loop.LoopStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link EventLoop#callSoonThreadsafe} from the JMH thread to a loop running on its own thread
 * ({@link LoopGroup#start(int) LoopGroup.start(1)}). Python: {@code loop_bench.py threadsafe_throughput /
 * threadsafe_latency}. Needs two free cores to mean anything: do not pin this class to one CPU.
 *
 * <ul>
 * <li>{@link #throughput}: submit {@value #N} callbacks, then spin until the last one has run on the loop (they run
 *     in order, so all of them have). Score: ns per submission, from the first submission to the last callback;
 *     the loop drains the lock-free queue while the submitter fills it.</li>
 * <li>{@link #latency}: the loop is idle, blocked in {@code epoll_wait} (the benchmark sleeps 1 ms before each
 *     call, outside the measured time); submit one callback and spin until it has run. Score (sample mode): the
 *     one-way latency distribution, submission to callback, including the selector wakeup and the OS waking the
 *     loop thread. Look at p50 and p99.</li>
 * </ul>
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class CallSoonThreadsafeBench {
    /** Submissions per throughput invocation. */
    public static final int N = 1024;

    private LoopGroup group;
    private EventLoop loop;
    /** Incremented on the loop thread by {@link #signal}; read by the submitter. */
    private final AtomicLong signals = new AtomicLong();
    private long ran;  // loop thread only
    private final Runnable tick = () -> ran++;
    private final Runnable signal = signals::incrementAndGet;

    /** Puts the loop to sleep in its selector before each latency sample (not measured). */
    @State(Scope.Thread)
    public static class IdleLoop {
        @Setup(Level.Invocation)
        public void letTheLoopBlock() throws InterruptedException {
            Thread.sleep(1);
        }
    }

    @Setup
    public void open() {
        group = LoopGroup.start(1);
        loop = group.loops().getFirst();
    }

    @TearDown
    public void close() {
        LoopStats stats = loop.stats();
        // How the loop took the submissions: ~1 callback per iteration means it went back to its selector between
        // submissions (a wakeup each); many per iteration means it drained them in batches.
        System.out.printf("%nloop: %,d iterations ran %,d callbacks (%.1f per iteration)%n", stats.iterations(),
                stats.callbacks(), stats.callbacks() / (double) Math.max(1, stats.iterations()));
        if (!group.shutdown(Duration.ofSeconds(5))) {
            throw new IllegalStateException("the loop did not stop");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(N)
    public long throughput() {
        long expected = signals.get() + 1;
        for (int i = 1; i < N; i++) {
            loop.callSoonThreadsafe(tick);
        }
        loop.callSoonThreadsafe(signal);
        return awaitSignal(expected);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public long latency(IdleLoop idle) {
        long expected = signals.get() + 1;
        loop.callSoonThreadsafe(signal);
        return awaitSignal(expected);
    }

    private long awaitSignal(long expected) {
        long seen;
        while ((seen = signals.get()) < expected) {
            Thread.onSpinWait();
        }
        return seen;
    }
}
