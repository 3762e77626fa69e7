package io.corio.servers.cli;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TransportKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/** {@code corio http}: one HTTP-lite listener from command-line options, no YAML file. */
@Command(name = "http", sortOptions = false,
        header = "Run an HTTP/1.1 server: static files from --root, or 'Hello, World!' at /.",
        description = {"Run one HTTP-lite listener, on TCP (default 127.0.0.1:8080), a Unix socket or TLS (ALPN "
                + "http/1.1), until SIGINT or SIGTERM. Without --root, GET / answers 'Hello, World!'. Prints one "
                + "line with the real address once it listens; the first signal drains, a second closes at once."})
final class HttpCommand extends Serving {
    static final int DEFAULT_PORT = 8080;

    @Mixin
    HelpOption help;

    @Mixin
    ListenerOptions listener;

    @Option(names = "--root", paramLabel = "DIR", description = "Serve the files under DIR.")
    Path root;

    @Option(names = "--access-log", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print one line per request on stdout (default); --no-access-log turns it off.")
    boolean accessLog;

    @Override
    public Integer call() {
        if (root != null && !Files.isDirectory(root)) {
            throw ListenerOptions.usage(spec, "--root " + root + " is not a directory");
        }
        var config = listener.toListener(spec, "http", DEFAULT_PORT,
                EnumSet.of(TransportKind.TCP, TransportKind.UNIX, TransportKind.TLS),
                new ProtocolOptions.Http(root, accessLog, null));
        return serve(CorioConfig.of(config), registry);
    }
}
