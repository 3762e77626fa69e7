package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.internal.subprocess.Spawner;
import java.util.List;
import java.util.function.Supplier;

/**
 * Starts child processes whose pipes a {@link SubprocessProtocol} hears on the loop (asyncio's
 * {@code loop.subprocess_exec} and {@code subprocess_shell}). For coroutines, {@code io.corio.protocols.Processes}
 * gives the same children as streams.
 *
 * <pre>{@code
 * SubprocessTransport t = Subprocesses.exec(loop, List.of("ls", "-l"), SubprocessOptions.DEFAULTS,
 *         MyProtocol::new).await();
 * }</pre>
 *
 * <h2>How it works</h2>
 * The JDK gives no selectable descriptors for a child's pipes, so each output pipe is read by its own daemon
 * thread, which hands chunks to the loop and waits while the loop has not consumed them (backpressure reaches the
 * child through the kernel pipe); stdin is written by a thread that drains the transport's queue. Children are
 * started by one long-lived thread; on Linux, when {@code setpriv} is installed, each child gets SIGKILL when the
 * JVM dies ({@code setpriv --pdeathsig KILL}); elsewhere a JVM shutdown hook kills the children still running (not
 * when the JVM is killed with SIGKILL). Closing the loop kills and reaps its children. See docs/subprocesses.md.
 */
public final class Subprocesses {
    private Subprocesses() {
    }

    /**
     * Starts {@code argv} (program, then arguments; the program is looked up on {@code PATH}). Call on the loop
     * thread. The future completes after the protocol's {@code connectionMade}, or fails with the
     * {@link java.io.IOException} that prevented the start (no such program, bad directory); cancelling it before
     * then kills the child.
     *
     * @throws IllegalArgumentException if {@code argv} is empty
     */
    public static Future<SubprocessTransport> exec(EventLoop loop, List<String> argv, SubprocessOptions options,
                                                   Supplier<? extends SubprocessProtocol> protocolFactory) {
        return Spawner.spawn(loop, argv, options, protocolFactory);
    }

    /** Runs {@code command} with {@code /bin/sh -c}; otherwise as {@link #exec}. */
    public static Future<SubprocessTransport> shell(EventLoop loop, String command, SubprocessOptions options,
                                                    Supplier<? extends SubprocessProtocol> protocolFactory) {
        return exec(loop, List.of("/bin/sh", "-c", command), options, protocolFactory);
    }

    /** True when children get a parent-death signal ({@code setpriv --pdeathsig KILL} on Linux). */
    public static boolean parentDeathSignal() {
        return Spawner.parentDeathSignal();
    }
}
