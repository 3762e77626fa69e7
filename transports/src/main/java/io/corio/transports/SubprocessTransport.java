package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Signal;
import java.util.OptionalInt;

/**
 * A running (or finished) child process as its {@link SubprocessProtocol} sees it (asyncio's
 * {@code SubprocessTransport}). Loop-confined, as every transport.
 *
 * <p>Exit codes follow the shell: the child's exit status, or 128 + N when signal N ended it (see
 * {@link SubprocessProtocol#processExited}). The JDK reports a signal death only this way, so a child that called
 * {@code exit(143)} and one killed by SIGTERM look the same.
 */
public interface SubprocessTransport {
    /** The loop whose thread runs the protocol's callbacks. */
    EventLoop loop();

    /** The child's process id. */
    long pid();

    /** The exit code once the loop has seen the child end; empty while it runs. */
    OptionalInt returnCode();

    /**
     * The transport of pipe {@code fd}: 0 is stdin, a write-only {@link Transport} ({@code write}, {@code writeEof},
     * water marks; {@code pauseWriting}/{@code resumeWriting} go to the {@link SubprocessProtocol}); 1 and 2 are
     * stdout and stderr, read-only ({@code pauseReading}/{@code resumeReading} throttle the child through the kernel
     * pipe; {@code write} throws {@link UnsupportedOperationException}). Null when that stream is not a pipe
     * (asyncio's {@code get_pipe_transport}).
     *
     * @throws IllegalArgumentException unless {@code fd} is 0, 1 or 2
     */
    Transport pipeTransport(int fd);

    /**
     * Sends signal number {@code signal} (Linux numbering, 15 is SIGTERM) to the child. TERM and KILL go through
     * {@link ProcessHandle} at once; others through the {@code kill} command on a helper thread (in order among
     * themselves, so a KILL sent after a HUP may arrive first).
     *
     * @return false when the child had already ended (nothing is sent; asyncio raises instead)
     */
    boolean sendSignal(int signal);

    /** {@link #sendSignal(int)} with the number of {@code signal}. */
    boolean sendSignal(Signal signal);

    /** Sends SIGTERM. Returns false when the child had already ended. */
    default boolean terminate() {
        return sendSignal(15);
    }

    /** Sends SIGKILL. Returns false when the child had already ended. */
    default boolean kill() {
        return sendSignal(9);
    }

    /**
     * Closes the pipes (their {@code pipeConnectionLost} follow; buffered stdin bytes are dropped) and kills the
     * child if it still runs; {@code processExited} and {@code connectionLost} follow. Idempotent.
     */
    void close();

    /** True once {@link #close()} was called or the process ended and its pipes closed. */
    boolean isClosing();

    /** The protocol that receives this transport's callbacks. */
    SubprocessProtocol protocol();
}
