package io.corio.servers.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;

/** Runs the corio command line in-process with captured stdout and stderr. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        return run(Map.of(), cl -> { }, args);
    }

    /** @param setup changes the configured command line before it runs (adds a test command, swaps a probe) */
    static Cli run(Map<String, String> env, Consumer<CommandLine> setup, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var outWriter = new PrintWriter(out, true);
        var errWriter = new PrintWriter(err, true);
        CommandLine commandLine = Main.commandLine(outWriter, errWriter, env);
        setup.accept(commandLine);
        // picocli applies these to the subcommands present when they are set: again, for any the setup added
        commandLine.setOut(outWriter).setErr(errWriter)
                .setExecutionExceptionHandler(commandLine.getExecutionExceptionHandler())
                .setParameterExceptionHandler(commandLine.getParameterExceptionHandler());
        int code = commandLine.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Stderr split into lines, without the trailing empty one. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }
}
