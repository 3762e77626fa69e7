package io.corio.servers.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code corio} command: {@code bin/corio} and {@code java -jar corio.jar} run {@link #main}. Without a
 * subcommand it prints its usage. Each subcommand is one class registered below; docs/cli.md is the reference.
 */
@Command(name = "corio", mixinStandardHelpOptions = true, versionProvider = CorioVersion.Provider.class,
        description = {"Corio: Python asyncio's model on the JVM. One event loop per thread; coroutines are "
                + "virtual threads scheduled by the loop and suspend only where the code awaits.",
                "", "Start with 'corio demo' to watch a loop run a few coroutines."},
        subcommands = {ServeCommand.class, CheckCommand.class, EchoCommand.class, HttpCommand.class,
                RpcCommand.class, CallCommand.class, CertCommand.class, VersionCommand.class, DemoCommand.class,
                HelpCommand.class},
        footerHeading = "%n",
        footer = {"Run 'corio COMMAND --help' for the options of a command. Reference: docs/cli.md"})
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On errors, print the stack trace too (so does the environment variable CORIO_DEBUG=1).")
    boolean verbose;

    public static void main(String[] args) {
        LeakDetection.configure();
        var out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
        var err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        System.exit(run(out, err, System.getenv(), args));
    }

    /** Runs the command line {@code args} with the given writers and environment; returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return commandLine(out, err, env).execute(args);
    }

    /**
     * The configured command line: writers, error handling ({@link Errors}), and the exit codes of
     * {@link ExitCodes} and one layout in every command's usage help.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        String debug = env.getOrDefault("CORIO_DEBUG", "");
        var errors = new Errors(debug.equals("1") || debug.equalsIgnoreCase("true"));
        var commandLine = new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        styleUsage(commandLine);
        return commandLine;
    }

    /** The same usage layout for every command: blank lines between sections, and the exit codes. */
    private static void styleUsage(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .descriptionHeading("%n")
                .parameterListHeading("%nParameters:%n")
                .optionListHeading("%nOptions:%n")
                .commandListHeading("%nCommands:%n")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.usageList());
        commandLine.getSubcommands().values().forEach(Main::styleUsage);
    }

    /** No subcommand: print the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
