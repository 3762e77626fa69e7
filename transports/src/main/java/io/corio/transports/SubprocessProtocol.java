package io.corio.transports;

import io.netty.buffer.ByteBuf;

/**
 * The callbacks of one child process started by {@link Subprocesses} (asyncio's {@code SubprocessProtocol}).
 * Every method is called on the loop thread, never concurrently, and defaults to doing nothing.
 *
 * <pre>
 *   connectionMade ──► pipeDataReceived(1|2)* ──► pipeConnectionLost(1), pipeConnectionLost(2)
 *                  ──► processExited ──► pipeConnectionLost(0)? ──► connectionLost
 *   (pauseWriting ⇄ resumeWriting for stdin, and pipeConnectionLost(0) on a stdin error, may come anywhere
 *    before connectionLost)
 * </pre>
 *
 * <p>No output is lost: {@code processExited} comes only after every piped output stream (stdout, stderr)
 * reached its end and all its bytes were delivered. A child whose output pipe stays open after it exits (a
 * background grandchild holding it) therefore delays {@code processExited} until that pipe closes, as in asyncio.
 * A callback that throws goes to the loop's exception handler; the process is not affected.
 */
public interface SubprocessProtocol extends BaseProtocol {
    /** The child was started; called exactly once, first. */
    default void connectionMade(SubprocessTransport transport) {
    }

    /**
     * The child wrote {@code data} to {@code fd} (1 for stdout, 2 for stderr). The buffer is borrowed for the
     * call ({@code retain()} to keep it). Never called with an empty buffer.
     */
    default void pipeDataReceived(int fd, ByteBuf data) {
    }

    /**
     * The pipe {@code fd} is closed: for 1 and 2 after its last byte was delivered ({@code cause} null at the end
     * of the stream, else the read error); for 0 (stdin) after {@code writeEof}/{@code close} flushed it, when the
     * process ended, or with a {@link io.corio.loop.BrokenResourceException} when the child closed its end while
     * bytes were still to be written. At most once per pipe.
     */
    default void pipeConnectionLost(int fd, Throwable cause) {
    }

    /**
     * The child ended, with {@code code}: its exit status, or 128 + N when signal N killed it (143 for SIGTERM,
     * 137 for SIGKILL), the shell's convention. Called exactly once, after the output pipes' ends.
     */
    default void processExited(int code) {
    }
}
