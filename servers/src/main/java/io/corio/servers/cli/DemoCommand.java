package io.corio.servers.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code corio demo}: runs {@link Demo} and fails if any step ran off the loop thread or went unexpectedly. */
@Command(name = "demo", sortOptions = false, subcommands = SubprocessDemoCommand.class,
        header = "Watch one event loop run a few coroutines (about 0.7 s).",
        description = {"Run a few coroutines on one event loop and print a timeline of what they did: tasks "
                + "sleeping concurrently, Async.gather, Async.timeout, a TaskGroup whose failing child cancels "
                + "its sibling, and Async.toThread. Takes about 0.7 s (0.15 s with --quick)."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--quick", description = "Make every sleep five times shorter.")
    boolean quick;

    @Override
    public Integer call() {
        Demo.Summary summary = new Demo(spec.commandLine().getOut(), quick ? 0.2 : 1.0).run();
        if (!summary.problems().isEmpty()) {
            throw CommandFailure.failed("the demo did not go as expected: " + summary.problems().getFirst()
                    + (summary.problems().size() > 1 ? " (and " + (summary.problems().size() - 1) + " more)" : ""),
                    null);
        }
        return ExitCodes.OK;
    }
}
