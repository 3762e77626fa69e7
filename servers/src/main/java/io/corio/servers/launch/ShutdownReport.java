package io.corio.servers.launch;

import java.time.Duration;

/**
 * How a {@link Launcher} shut down.
 *
 * @param drained connections open when the drain began that closed by themselves before the deadline
 * @param aborted connections aborted: still open at the deadline, or at a second shutdown request
 * @param forced  true when a second shutdown request cut the drain short
 * @param took    from the first shutdown request to the loops being closed
 */
public record ShutdownReport(int drained, int aborted, boolean forced, Duration took) {
    public ShutdownReport {
        if (drained < 0 || aborted < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got drained " + drained + ", aborted " + aborted);
        }
    }
}
