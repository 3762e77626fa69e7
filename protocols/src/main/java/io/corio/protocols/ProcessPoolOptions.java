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
 */
public record ProcessPoolOptions(List<String> jvmArgs, Duration startTimeout, Duration stopTimeout,
                                 int maxMessageLength) {
    /** No extra JVM options, 30 s to start, 5 s to stop, 64 MiB messages. */
    public static final ProcessPoolOptions DEFAULTS = new ProcessPoolOptions(List.of(), Duration.ofSeconds(30),
            Duration.ofSeconds(5), 64 << 20);

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
    }

    public ProcessPoolOptions withJvmArgs(List<String> args) {
        return new ProcessPoolOptions(args, startTimeout, stopTimeout, maxMessageLength);
    }

    public ProcessPoolOptions withStartTimeout(Duration timeout) {
        return new ProcessPoolOptions(jvmArgs, timeout, stopTimeout, maxMessageLength);
    }

    public ProcessPoolOptions withMaxMessageLength(int length) {
        return new ProcessPoolOptions(jvmArgs, startTimeout, stopTimeout, length);
    }
}
