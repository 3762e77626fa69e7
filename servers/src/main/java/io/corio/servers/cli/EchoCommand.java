package io.corio.servers.cli;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.EnumSet;

/** {@code corio echo}: one echo listener from command-line options, no YAML file. */
@Command(name = "echo", sortOptions = false,
        header = "Run an echo server: every byte (or datagram) received is sent back.",
        description = {"Run one echo listener, on TCP (default 127.0.0.1:7000), UDP, a Unix socket or TLS, until "
                + "SIGINT or SIGTERM. Prints one line with the real address once it listens. The first signal "
                + "drains (stops accepting, lets connections finish for up to 30 s), a second one closes at once."})
final class EchoCommand extends Serving {
    static final int DEFAULT_PORT = 7000;

    @Mixin
    HelpOption help;

    @Mixin
    ListenerOptions listener;

    @Option(names = "--streams", description = "Serve each connection with a StreamReader/StreamWriter coroutine "
            + "instead of the callback Protocol (not for udp).")
    boolean streams;

    @Override
    public Integer call() {
        if (streams && listener.transport == TransportKind.UDP) {
            throw ListenerOptions.usage(spec, "--streams is for stream transports, not udp");
        }
        var config = listener.toListener(spec, "echo", DEFAULT_PORT, EnumSet.allOf(TransportKind.class),
                new ProtocolOptions.Echo(streams));
        return serve(CorioConfig.of(config), registry);
    }
}
