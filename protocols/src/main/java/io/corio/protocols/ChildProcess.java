package io.corio.protocols;

import io.corio.loop.Future;
import io.corio.loop.Signal;
import io.corio.transports.SubprocessTransport;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A child process as streams, for coroutines (asyncio's {@code asyncio.subprocess.Process}; named
 * {@code ChildProcess} so that it does not clash with {@link java.lang.Process}). Started by {@link Processes}.
 * Loop-confined: call it from a task or a callback of the loop that started it.
 *
 * <pre>{@code
 * ChildProcess p = Processes.exec(List.of("sort"), SubprocessOptions.DEFAULTS).await();
 * ProcessResult r = p.communicate("b\na\n".getBytes(UTF_8), Duration.ofSeconds(5)).await();
 * r.stdoutText();   // "a\nb\n"
 * }</pre>
 *
 * <h2>Exit codes</h2>
 * The child's exit status, or 128 + N when signal N ended it (143 after {@link #terminate()}, 137 after
 * {@link #kill()}), as a shell reports it; asyncio returns -N instead, but the JDK does not tell a signal death from
 * an exit with status 128 + N, so Corio does not pretend to.
 *
 * <h2>Deadlock</h2>
 * {@link #waitFor()} completes after the child ended <em>and</em> its piped stdout and stderr reached their end. A
 * child that writes more than the reader's limit to a pipe nobody reads blocks on that pipe and never ends: read
 * the output, use {@link #communicate}, or pass {@code Stdio.DISCARD}/{@code INHERIT} for streams you do not read
 * (asyncio documents the same).
 */
public interface ChildProcess {
    /** The child's process id. */
    long pid();

    /** The writer of the child's stdin, or null when stdin is not a pipe. {@code close()} it to send end of file. */
    StreamWriter stdin();

    /** The reader of the child's stdout, or null when stdout is not a pipe. */
    StreamReader stdout();

    /** The reader of the child's stderr, or null when stderr is not a pipe (or goes to stdout). */
    StreamReader stderr();

    /**
     * Completes with the exit code once the child ended and its output pipes reached their end (asyncio's
     * {@code wait()}, a name {@link Object#wait()} takes in Java).
     */
    Future<Integer> waitFor();

    /**
     * Writes {@code input} (null: nothing) to stdin and closes it, reads stdout and stderr to their end and waits
     * for the exit, all within {@code timeout}. A child that closes its stdin without reading it all is not an
     * error (as in asyncio). Streams that are not pipes give null bytes in the result.
     *
     * @return fails with {@link io.corio.loop.TimeoutException} naming the pid when the timeout passes; the child
     *         is killed (and reaped) first
     * @throws io.corio.loop.InvalidStateException if a read is already waiting on stdout or stderr
     */
    Future<ProcessResult> communicate(byte[] input, Duration timeout);

    /** Sends {@code signal}; false when the child had already ended. */
    boolean sendSignal(Signal signal);

    /** Sends signal number {@code signal} (Linux numbering); false when the child had already ended. */
    boolean sendSignal(int signal);

    /** Sends SIGTERM; false when the child had already ended. */
    boolean terminate();

    /** Sends SIGKILL; false when the child had already ended. */
    boolean kill();

    /** The exit code once known (see {@link #waitFor()}), else empty. */
    OptionalInt returnCode();

    /** The transport underneath. */
    SubprocessTransport transport();
}
