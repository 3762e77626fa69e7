package io.corio.servers.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;

/**
 * {@link Main} for a child JVM in tests: the same command line, with the test services under the built-in names
 * (and signal handling on), so that a real SIGTERM can be sent to a real server process.
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        var out = new PrintWriter(new OutputStreamWriter(System.out, System.out.charset()), true);
        var err = new PrintWriter(new OutputStreamWriter(System.err, System.err.charset()), true);
        var commandLine = Main.commandLine(out, err, System.getenv());
        for (var sub : commandLine.getSubcommands().values()) {
            if (sub.getCommand() instanceof Serving serving) {
                serving.registry = ListenerCommandsTest.TEST_SERVICES;
            }
        }
        System.exit(commandLine.execute(args));
    }
}
