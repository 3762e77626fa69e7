package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code corio version}: Corio's version, the Java runtime, the OS, and whether coroutines can run in this JVM
 * (they need {@value VirtualThreads#REQUIRED_FLAG}). Exits {@link ExitCodes#ENVIRONMENT} when they cannot.
 */
@Command(name = "version", sortOptions = false,
        header = "Print the Corio and Java versions, and whether coroutines can run.",
        description = {"Print Corio's version, the Java runtime and OS, and whether coroutines "
                + "(virtual threads scheduled by the event loop) can run in this JVM."})
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    /** Throws when loop-scheduled virtual threads are unavailable; replaced in tests. */
    Runnable coroutineProbe = VirtualThreads::check;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        line(out, "corio", CorioVersion.get());
        line(out, "java", Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")");
        line(out, "java.home", System.getProperty("java.home"));
        line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        RuntimeException missing = probe();
        if (missing == null) {
            line(out, "coroutines", "available (virtual threads scheduled by the event loop)");
            out.flush();
            return ExitCodes.OK;
        }
        line(out, "coroutines", "unavailable: start the JVM with " + VirtualThreads.REQUIRED_FLAG);
        out.flush();
        throw CommandFailure.environment("coroutines cannot run in this JVM: start it with "
                + VirtualThreads.REQUIRED_FLAG + " (bin/corio passes it; java -jar corio.jar reads it from the "
                + "manifest)", missing);
    }

    private RuntimeException probe() {
        try {
            coroutineProbe.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void line(PrintWriter out, String key, String value) {
        out.printf("%-11s %s%n", key, value);
    }
}
