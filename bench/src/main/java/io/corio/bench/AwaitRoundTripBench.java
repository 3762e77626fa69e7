package io.corio.bench;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
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
 * The cost of suspending a coroutine on a future and resuming it. Python: {@code loop_bench.py await_callback /
 * ping_pong}.
 *
 * <ul>
 * <li>{@link #awaitCallback}: one task, {@value #N} times: create a future, {@code callSoon} a plain callback
 *     that completes it, {@code await()} it. One round trip = the task parks (its virtual thread unmounts from the
 *     loop thread), the loop runs the callback, the completion re-queues the task, the loop mounts it again. Two
 *     loop iterations per round trip. The project's target "await round trip ≤ 1 µs" is about this
 *     number.</li>
 * <li>{@link #pingPong}: two tasks pass a turn back and forth through futures, {@value #N} round trips
 *     (ping → pong → ping): two task switches and two futures per round trip, no plain callback.</li>
 * </ul>
 *
 * The {@code channel} parameter says whether the loop has a channel to poll (see {@link CallSoonBench}).
 *
 * <p>Each invocation runs the loop with {@code runUntilComplete} on one (or two) fresh tasks; task creation is shared
 * by the {@value #N} round trips. Read: ns per round trip (lower is better).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class AwaitRoundTripBench {
    /** Round trips per benchmark invocation. */
    public static final int N = 1024;

    private EventLoop loop;
    private IdleChannel idle;

    /** {@code none}: no channel registered; {@code idle-pipe}: one idle channel, as in a server ({@link IdleChannel}). */
    @Param({"none", "idle-pipe"})
    public String channel;

    /** The futures the two ping-pong tasks wait on; replaced by the side that is about to wait. */
    private Future<Integer> toPing;
    private Future<Integer> toPong;

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
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long awaitCallback() {
        return loop.runUntilComplete(() -> {
            long sum = 0;
            for (int i = 0; i < N; i++) {
                Future<Integer> f = loop.createFuture();
                Integer value = i;
                loop.callSoon(() -> f.setResult(value));
                sum += f.await();
            }
            return sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long pingPong() {
        toPong = loop.createFuture();
        var pong = loop.createTask(() -> {
            for (int i = 0; i < N; i++) {
                int v = toPong.await();
                toPong = loop.createFuture();  // before waking ping, which completes it next
                toPing.setResult(v);
            }
            return null;
        }, "pong");
        long sum = loop.runUntilComplete(() -> {
            long s = 0;
            for (int i = 0; i < N; i++) {
                Future<Integer> mine = loop.createFuture();
                toPing = mine;                 // before waking pong, which completes it next
                toPong.setResult(i);
                s += mine.await();
            }
            return s;
        });
        loop.runUntilComplete(pong);
        return sum;
    }
}
