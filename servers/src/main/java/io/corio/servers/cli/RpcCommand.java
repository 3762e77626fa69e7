package io.corio.servers.cli;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.EnumSet;

/** {@code corio rpc}: one JSON-RPC 2.0 listener serving the demo service, from command-line options. */
@Command(name = "rpc", sortOptions = false,
        header = "Run a JSON-RPC 2.0 server with the demo service.",
        description = {"Run one JSON-RPC 2.0 listener with the demo service (the methods of the specification's "
                + "examples), on TCP (default 127.0.0.1:7001), a Unix socket or TLS, until SIGINT or SIGTERM. "
                + "Prints one line with the real address once it listens; the first signal drains, a second "
                + "closes at once."})
final class RpcCommand extends Serving {
    static final int DEFAULT_PORT = 7001;

    @Mixin
    HelpOption help;

    @Mixin
    ListenerOptions listener;

    @Option(names = "--framing", paramLabel = "KIND", defaultValue = "length",
            description = "length (4-byte big-endian length prefix) or newline (one JSON text per line); "
                    + "default: ${DEFAULT-VALUE}.")
    String framing;

    @Override
    public Integer call() {
        if (!framing.equals("length") && !framing.equals("newline")) {
            throw ListenerOptions.usage(spec, "--framing must be length or newline, got '" + framing + "'");
        }
        var config = listener.toListener(spec, "rpc", DEFAULT_PORT,
                EnumSet.of(TransportKind.TCP, TransportKind.UNIX, TransportKind.TLS),
                new ProtocolOptions.Rpc(framing, ProtocolOptions.Rpc.DEFAULTS.service()));
        return serve(CorioConfig.of(config), registry);
    }
}
