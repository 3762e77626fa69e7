package io.corio.protocols;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link ProcessPoolExecutor} starts and stops its workers.
 *
 * @param jvmArgs          extra JVM options for each worker ({@code -Xmx512m}, {@code -Dkey=value}), added after the
 *                         flags Corio itself needs
 * @param startTimeout     how long a worker may take to start and connect back before it counts as failed
 * @param stopTimeout      how long a worker may take to exit after its connection closed, before it is killed
 * @param maxMessageLength the largest serialised task or result, in bytes; a larger one fails that task
 * @param niceness         the scheduling priority the workers run at, 0 (the parent's) to 19 (lowest), applied with
 *                         {@code nice -n} where a {@code nice} command is on the {@code PATH} (Linux, macOS) and
 *                         ignored elsewhere. The default 10 lets the loop thread, which sleeps and wakes for short
 *                         callbacks, preempt the CPU-bound workers as soon as it wakes: with as many workers as
 *                         cores, its callbacks stay within a few milliseconds of their time instead of waiting out
 *                         the workers' time slices. The workers still get every cycle the loop leaves idle.
 */
public record ProcessPoolOptions(List<String> jvmArgs, Duration startTimeout, Duration stopTimeout,
                                 int maxMessageLength, int niceness) {
    /** No extra JVM options, 30 s to start, 5 s to stop, 64 MiB messages, niceness 10. */
    public static final ProcessPoolOptions DEFAULTS = new ProcessPoolOptions(List.of(), Duration.ofSeconds(30),
            Duration.ofSeconds(5), 64 << 20, 10);

    public ProcessPoolOptions {
        jvmArgs = List.copyOf(jvmArgs);
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be > 0, got " + startTimeout);
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must be >= 0, got " + stopTimeout);
        }
        if (maxMessageLength < 1024) {
            throw new IllegalArgumentException("maxMessageLength must be >= 1024, got " + maxMessageLength);
        }
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be between 0 and 19, got " + niceness);
        }
    }

    public ProcessPoolOptions withJvmArgs(List<String> args) {
        return new ProcessPoolOptions(args, startTimeout, stopTimeout, maxMessageLength, niceness);
    }

    public ProcessPoolOptions withStartTimeout(Duration timeout) {
        return new ProcessPoolOptions(jvmArgs, timeout, stopTimeout, maxMessageLength, niceness);
    }

    public ProcessPoolOptions withMaxMessageLength(int length) {
        return new ProcessPoolOptions(jvmArgs, startTimeout, stopTimeout, length, niceness);
    }

    public ProcessPoolOptions withNiceness(int value) {
        return new ProcessPoolOptions(jvmArgs, startTimeout, stopTimeout, maxMessageLength, value);
    }
}
