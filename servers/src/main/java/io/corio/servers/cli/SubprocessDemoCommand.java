package io.corio.servers.cli;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.ChildProcess;
import io.corio.protocols.ProcessResult;
import io.corio.protocols.Processes;
import io.corio.transports.Stdio;
import io.corio.transports.SubprocessOptions;
import io.corio.transports.Subprocesses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code corio demo subprocess}: N {@code sh -c 'sleep 0.1; echo $$'} children at once on one loop, then one after
 * another, and both wall times. Fails if a child's output is not its pid.
 */
@Command(name = "subprocess", sortOptions = false,
        header = "Run 100 shell children at once, then one after another, and compare wall times.",
        description = {"Start N children (sh -c 'sleep 0.1; echo $$') from one event loop, all at once, gather "
                + "their outputs, then run them again one after another, and print both wall times. "
                + "Takes about N × 0.11 s for the sequential half."})
final class SubprocessDemoCommand implements Callable<Integer> {
    private static final String COMMAND = "sleep 0.1; echo $$";
    private static final SubprocessOptions OPTIONS = SubprocessOptions.DEFAULTS.withStdin(Stdio.DISCARD)
            .withStderr(Stdio.INHERIT);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--count", defaultValue = "100", description = "How many children (default ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
        if (count < 1 || count > 1000) {
            throw new ParameterException(spec.commandLine(), "--count must be 1..1000, got " + count);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(java.util.Locale.ROOT, "%d children of sh -c '%s'%s%n", count, COMMAND,
                Subprocesses.parentDeathSignal() ? " (killed if this JVM dies: setpriv --pdeathsig)" : "");
        long[] nanos = EventLoop.run(() -> {
            EventLoop loop = Async.runningLoop();
            long t0 = loop.time();
            check(atOnce());
            long t1 = loop.time();
            check(oneAfterAnother());
            return new long[] {t1 - t0, loop.time() - t1};
        });
        out.printf(java.util.Locale.ROOT, "at once:            %7.2f s%n", nanos[0] / 1e9);
        out.printf(java.util.Locale.ROOT, "one after another:  %7.2f s  (%.1f× longer)%n", nanos[1] / 1e9, (double) nanos[1] / nanos[0]);
        return ExitCodes.OK;
    }

    private List<ProcessResult> atOnce() {
        var all = new ArrayList<Future<ProcessResult>>(count);
        for (int i = 0; i < count; i++) {
            ChildProcess child = Processes.shell(COMMAND, OPTIONS).await();
            all.add(child.communicate(null, Duration.ofSeconds(30)));
        }
        return Async.gather(all).await();
    }

    private List<ProcessResult> oneAfterAnother() {
        var all = new ArrayList<ProcessResult>(count);
        for (int i = 0; i < count; i++) {
            all.add(Processes.shell(COMMAND, OPTIONS).await().communicate(null, Duration.ofSeconds(30)).await());
        }
        return all;
    }

    private void check(List<ProcessResult> results) {
        var pids = new HashSet<String>();
        for (ProcessResult r : results) {
            String text = r.stdoutText().strip();
            if (r.exitCode() != 0 || !text.matches("[0-9]+") || !pids.add(text)) {
                throw CommandFailure.failed("a child did not print its own pid: " + r + " '" + text + "'", null);
            }
        }
    }
}
