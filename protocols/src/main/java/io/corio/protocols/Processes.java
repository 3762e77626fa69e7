package io.corio.protocols;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.internal.Chained;
import io.corio.protocols.internal.ChildProcessImpl;
import io.corio.transports.SubprocessOptions;
import io.corio.transports.SubprocessTransport;
import io.corio.transports.Subprocesses;
import java.util.List;

/**
 * Starts child processes as {@link ChildProcess} streams (asyncio's {@code create_subprocess_exec} and
 * {@code create_subprocess_shell}). The mechanism (threads, backpressure, parent death, reaping when the loop
 * closes) is {@link Subprocesses}'s; see docs/subprocesses.md.
 *
 * <pre>{@code
 * var children = new ArrayList<Future<ProcessResult>>();
 * for (int i = 0; i < 100; i++) {
 *     ChildProcess p = Processes.shell("sleep 0.1; echo $$", SubprocessOptions.DEFAULTS).await();
 *     children.add(p.communicate(null, Duration.ofSeconds(10)));
 * }
 * List<ProcessResult> all = Async.gather(children).await();   // about 0.1 s, not 10 s
 * }</pre>
 */
public final class Processes {
    private Processes() {
    }

    /** Starts {@code argv} on the running loop (call from a task); readers have the default limit (64 KiB). */
    public static Future<ChildProcess> exec(List<String> argv, SubprocessOptions options) {
        return exec(Async.runningLoop(), argv, options, StreamReader.DEFAULT_LIMIT);
    }

    /** Runs {@code command} with {@code /bin/sh -c} on the running loop (call from a task). */
    public static Future<ChildProcess> shell(String command, SubprocessOptions options) {
        return exec(Async.runningLoop(), List.of("/bin/sh", "-c", command), options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Starts {@code argv} on {@code loop} with readers limited to {@code limit} bytes (see {@link StreamReader}).
     * The future fails with the {@link java.io.IOException} that prevented the start; cancelling it kills the
     * child.
     */
    public static Future<ChildProcess> exec(EventLoop loop, List<String> argv, SubprocessOptions options,
                                            int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, got " + limit);
        }
        Future<SubprocessTransport> started = Subprocesses.exec(loop, argv, options,
                () -> new ChildProcessImpl(limit));
        return Chained.map(loop, started, t -> (ChildProcess) t.protocol(), SubprocessTransport::close);
    }
}
