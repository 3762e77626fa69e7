package io.corio.servers.cli;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.launch.LaunchException;
import io.corio.servers.launch.Launcher;
import io.corio.servers.launch.ServiceRegistry;
import io.corio.servers.launch.ShutdownReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * What {@code serve}, {@code echo}, {@code http} and {@code rpc} share: start a {@link Launcher}, print the
 * one-line banner on stdout, let SIGINT/SIGTERM drain it (a second signal aborts), return 0 once it is down.
 * A listener that cannot start is a one-line error and exit code 1.
 */
abstract class Serving implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The services by protocol name; tests swap in their own. */
    ServiceRegistry registry = ServiceRegistry.builtIns();

    /** Whether SIGINT/SIGTERM shut the launcher down; off in in-process tests (it would take the test JVM's). */
    boolean handleSignals = true;

    /** Called once the banner is printed; tests use it to reach the launcher. */
    Consumer<Launcher> started = launcher -> { };

    /** Runs {@code config} until a signal (or {@link Launcher#shutdown()}) has drained it. */
    int serve(CorioConfig config, ServiceRegistry services) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        Launcher launcher;
        try {
            launcher = Launcher.start(config, services, line -> {
                err.println(name + ": " + line);
                err.flush();
            });
        } catch (LaunchException e) {
            throw CommandFailure.failed(e.getMessage(), e);
        }
        if (handleSignals) {
            try {
                launcher.handleSignals();
            } catch (IllegalArgumentException e) {
                launcher.close();
                throw CommandFailure.environment("cannot handle SIGINT/SIGTERM: " + e.getMessage(), e);
            }
        }
        out.println("corio " + CorioVersion.get() + " serving " + launcher.describe());
        out.flush();
        try {
            started.accept(launcher);
        } catch (RuntimeException | Error e) {
            launcher.close();
            throw e;
        }
        ShutdownReport report = launcher.terminated().join();
        return report != null ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
