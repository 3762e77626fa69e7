package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void noArgumentsPrintsTheUsageWithCommandsAndExitCodes() {
        Cli cli = Cli.run();

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).startsWith("Usage: corio [-hV] [--verbose] [COMMAND]")
                .contains("Commands:", "  version  ", "  demo     ", "  help     ")
                .contains("Exit codes:", "   0   success", "   1   runtime failure", "   2   usage error",
                        "   3   environment problem");
    }

    @Test
    void helpOptionPrintsTheSameUsage() {
        Cli help = Cli.run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).isEqualTo(Cli.run().out());
    }

    @Test
    void everySubcommandHasHelpWithItsNameAndTheExitCodes() {
        var sink = new PrintWriter(new StringWriter());
        var commands = Main.commandLine(sink, sink, Map.of()).getSubcommands().keySet();
        assertThat(commands).contains("version", "demo", "help");

        for (String name : commands) {
            Cli cli = Cli.run(name, "--help");
            assertThat(cli.exitCode()).as(name).isZero();
            assertThat(cli.err()).as(name).isEmpty();
            assertThat(cli.out()).as(name).contains("Usage: corio " + name, "Exit codes:", "-h, --help");
        }
    }

    @Test
    void helpCommandShowsTheUsageOfAnotherCommand() {
        Cli cli = Cli.run("help", "demo");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("Usage: corio demo", "--quick");
    }

    @Test
    void versionOptionPrintsTheBuildVersionNotTheFallback() {
        Cli cli = Cli.run("--version");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out().strip()).matches("corio \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void unknownCommandExitsTwoAndSuggestsTheClosestOne() {
        Cli cli = Cli.run("demoo");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).containsExactly(
                "corio: unknown command 'demoo'",
                "Did you mean: demo?",
                "Commands: serve, check, echo, http, rpc, call, cert, version, demo, help. Try 'corio --help' for more "
                        + "information.");
    }

    @Test
    void unknownCommandWithNothingCloseListsTheCommands() {
        Cli cli = Cli.run("xyzzy", "--now");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly(
                "corio: unknown command 'xyzzy'",
                "Commands: serve, check, echo, http, rpc, call, cert, version, demo, help. Try 'corio --help' for more "
                        + "information.");
    }

    @Test
    void unknownOptionOfASubcommandNamesTheSubcommand() {
        Cli cli = Cli.run("demo", "--quik");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()[0]).isEqualTo("corio demo: Unknown option: '--quik'");
        assertThat(cli.errLines()).contains("Try 'corio demo --help' for more information.");
        assertThat(cli.err()).contains("--quick");
    }

    // ----------------------------------------------------------------------------------- the error policy

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        final Exception error;

        Boom(Exception error) {
            this.error = error;
        }

        @Override
        public Integer call() throws Exception {
            throw error;
        }
    }

    private static Consumer<CommandLine> withBoom(Exception error) {
        return cl -> cl.addSubcommand("boom", new Boom(error));
    }

    @Test
    void anUnexpectedFailurePrintsOneLineAndExitsOne() {
        Cli cli = Cli.run(Map.of(), withBoom(new IllegalStateException("disk full\nmore detail")), "boom");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).containsExactly(
                "corio boom: IllegalStateException: disk full ... (--verbose shows the stack trace)");
    }

    @Test
    void verboseBeforeOrAfterTheCommandAddsTheStackTrace() {
        for (String[] args : new String[][] {{"--verbose", "boom"}, {"boom", "--verbose"}}) {
            Cli cli = Cli.run(Map.of(), withBoom(new IllegalStateException("disk full")), args);

            assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.errLines()[0]).isEqualTo("corio boom: IllegalStateException: disk full");
            assertThat(cli.err()).contains("java.lang.IllegalStateException: disk full", "\tat ");
        }
    }

    @Test
    void corioDebugInTheEnvironmentAddsTheStackTrace() {
        Cli cli = Cli.run(Map.of("CORIO_DEBUG", "1"), withBoom(new IllegalStateException("disk full")), "boom");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.err()).contains("\tat ");
    }

    @Test
    void aCommandFailureKeepsItsExitCodeAndMessage() {
        Cli cli = Cli.run(Map.of(), withBoom(CommandFailure.environment("no socket for you", null)), "boom");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(cli.errLines()).containsExactly("corio boom: no socket for you");
    }

    @Test
    void theLoopsMissingFlagErrorIsAnEnvironmentProblem() {
        var fromLoop = new UnsupportedOperationException("... start the JVM with " + VirtualThreads.REQUIRED_FLAG
                + " (bin/corio ...), cause: java.lang.reflect.InaccessibleObjectException: ...");
        Cli cli = Cli.run(Map.of(), withBoom(new RuntimeException("loop creation failed", fromLoop)), "boom");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(cli.errLines()).hasSize(1);
        assertThat(cli.errLines()[0]).startsWith("corio boom: coroutines cannot run in this JVM: start it with "
                + VirtualThreads.REQUIRED_FLAG);
    }
}
