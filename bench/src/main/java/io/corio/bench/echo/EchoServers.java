package io.corio.bench.echo;

import io.corio.loop.EventLoop;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;

/**
 * What the echo mains share: argument parsing, the listen options, and the one line printed once listening
 * ({@code bench/run-echo-bench.sh} and the shared harness wait for the port, people read the line).
 */
final class EchoServers {
    static final String HOST = "127.0.0.1";

    /**
     * The shared harness's peers listen with a backlog of 4096 (Netty, C epoll, uvloop); the same here, so the
     * idle-connection test's burst of 10,000 connects is not throttled by Corio's default of 511.
     */
    static final ServerOptions OPTIONS = ServerOptions.DEFAULTS.withBacklog(4096);

    private EchoServers() {
    }

    /** The port from {@code args[0]}, or exit 2 with {@code usage} when it is missing or not a port. */
    static int port(String[] args, int minArgs, String usage) {
        try {
            if (args.length >= minArgs) {
                int port = Integer.parseInt(args[0]);
                if (port > 0 && port < 65536) {
                    return port;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the usage line
        }
        System.err.println("usage: " + usage);
        System.exit(2);
        throw new AssertionError();
    }

    /** Prints the listening line and runs the loop until the process is killed. */
    static void serve(EventLoop loop, Server server, String what) {
        System.out.println("corio " + what + " listening on " + server.addresses() + " (pid "
                + ProcessHandle.current().pid() + ", " + Runtime.version() + ")");
        System.out.flush();
        loop.runForever();
    }
}
