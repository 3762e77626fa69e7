package io.corio.loop.testing;

import io.corio.loop.InvalidStateException;
import io.corio.loop.internal.SelectorEventLoop;

import java.time.Duration;

/**
 * A loop on virtual time, for deterministic tests: thirty seconds of timeouts run in microseconds.
 *
 * <ul>
 * <li>{@link #advance(Duration)} runs, on the calling thread, every callback, coroutine step and timer that falls
 *     due within the given span, moving the {@link ManualClock} from timer to timer, then leaves the clock at the
 *     end of the span. It never waits for other threads.</li>
 * <li>{@link #runUntilComplete} and {@link #runForever()} <em>auto-jump</em>: when nothing is ready, the clock
 *     jumps straight to the next timer, unless work handed to other threads ({@code runInExecutor},
 *     {@code Future.of(CompletionStage)}) is still out: then the loop waits for it in real time first. When there
 *     is no timer and nothing to wait for, it waits for channels and other threads for up to the idle limit
 *     (10 s real time, {@link #setIdleLimit}) and then fails with the list of pending tasks instead of hanging.</li>
 * </ul>
 *
 * Channels registered with {@code addReader}/{@code addWriter} are real and polled without blocking before each
 * jump; a test that mixes real sockets with virtual time should await their data before advancing the clock.
 * Time passed inside a coroutine with {@code Thread.sleep} is real time; use {@code Async.sleep}.
 */
public final class TestLoop extends SelectorEventLoop {
    private static final long NO_LIMIT = Long.MIN_VALUE;

    private final ManualClock clock;
    private long advanceLimit = NO_LIMIT;
    private long idleLimitNanos = Duration.ofSeconds(10).toNanos();

    private TestLoop(ManualClock clock) {
        super(clock);
        this.clock = clock;
    }

    /** A test loop on a new {@link ManualClock} at time 0. */
    public static TestLoop create() {
        return new TestLoop(new ManualClock());
    }

    /** A test loop on {@code clock}. */
    public static TestLoop create(ManualClock clock) {
        return new TestLoop(clock);
    }

    public ManualClock clock() {
        return clock;
    }

    /** How long, in real time, an idle auto-jumping loop waits for other threads before it fails. */
    public void setIdleLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("idle limit must be > 0, got " + limit);
        }
        idleLimitNanos = limit.toNanos();
    }

    /**
     * Runs everything that is due within {@code span} of virtual time, then sets the clock to the end of the span.
     *
     * @throws InvalidStateException if the loop is closed or already running
     */
    public void advance(Duration span) {
        if (span.isNegative()) {
            throw new IllegalArgumentException("cannot advance by a negative span: " + span);
        }
        long target = Math.addExact(clock.nanoTime(), span.toNanos());
        enterRun();
        advanceLimit = target;
        try {
            do {
                runOnce();
            } while (!isIdle() || nextTimerDue() <= target);
            clock.set(Math.max(clock.nanoTime(), target));
        } finally {
            advanceLimit = NO_LIMIT;
            exitRun();
        }
    }

    /** Runs what is ready now, and what that makes ready, without moving the clock. */
    public void runReady() {
        advance(Duration.ZERO);
    }

    @Override
    protected int pollIo(long timeoutNanos) {
        int events = select(0);
        if (timeoutNanos == 0 || events > 0 || !isIdle()) {
            return events;
        }
        long now = clock.nanoTime();
        if (advanceLimit != NO_LIMIT) {
            if (timeoutNanos > 0) {
                clock.set(Math.min(saturatedAdd(now, timeoutNanos), Math.max(now, advanceLimit)));
            }
            return 0;
        }
        if (timeoutNanos > 0 && externalPending.get() == 0) {
            clock.set(saturatedAdd(now, timeoutNanos));
            return 0;
        }
        events = select(idleLimitNanos);
        if (events == 0 && isIdle()) {
            if (timeoutNanos > 0) {
                clock.set(saturatedAdd(now, timeoutNanos));
                return 0;
            }
            throw new InvalidStateException("TestLoop idle for " + Duration.ofNanos(idleLimitNanos)
                    + " of real time: no callback ready, no timer pending, nothing arrived from channels or other "
                    + "threads. Pending tasks: " + allTasks());
        }
        return events;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
