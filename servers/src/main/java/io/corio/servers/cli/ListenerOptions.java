package io.corio.servers.cli;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TlsConfig;
import io.corio.servers.config.TransportKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.Set;

/**
 * The options of {@code echo}, {@code http} and {@code rpc} that say where one listener listens, turned into the
 * same {@link ListenerConfig} a YAML file would give. Use with {@code @Mixin}.
 */
final class ListenerOptions {
    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "tcp", converter = TransportConverter.class,
            description = "tcp, udp, unix or tls (default: ${DEFAULT-VALUE}).")
    TransportKind transport;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on, for tcp, udp and tls (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port for tcp, udp and tls; 0 picks a free one, shown in the banner.")
    Integer port;

    @Option(names = "--path", paramLabel = "FILE", description = "Socket file, for --transport unix.")
    Path path;

    @Option(names = "--cert", paramLabel = "PEM", description = "Certificate chain, for --transport tls.")
    Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key, for --transport tls.")
    Path key;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Event loops serving the port, each with its own SO_REUSEPORT socket (default: "
                    + "${DEFAULT-VALUE}; 1 for unix).")
    int workers;

    /**
     * The listener these options describe.
     *
     * @param transports the transports the protocol runs on
     * @throws ParameterException (exit code 2) for a combination that cannot work
     */
    ListenerConfig toListener(CommandSpec spec, String protocol, int defaultPort, Set<TransportKind> transports,
                              ProtocolOptions options) {
        if (!transports.contains(transport)) {
            throw usage(spec, protocol + " does not run on " + transport.yamlName() + "; use --transport "
                    + String.join(", ", transports.stream().map(TransportKind::yamlName).sorted().toList()));
        }
        boolean unix = transport == TransportKind.UNIX;
        boolean tls = transport == TransportKind.TLS;
        if (unix && path == null) {
            throw usage(spec, "--transport unix needs --path FILE");
        }
        if (!unix && path != null) {
            throw usage(spec, "--path is for --transport unix only");
        }
        if (tls && (cert == null || key == null)) {
            throw usage(spec, "--transport tls needs --cert PEM and --key PEM (make a pair with 'corio cert')");
        }
        if (!tls && (cert != null || key != null)) {
            throw usage(spec, "--cert and --key are for --transport tls only");
        }
        if (unix && port != null) {
            throw usage(spec, "--port is not for --transport unix; use --path");
        }
        try {
            return new ListenerConfig(protocol, protocol, transport, unix ? null : host,
                    unix ? 0 : port != null ? port : defaultPort, path, workers, ListenerConfig.DEFAULT_BACKLOG,
                    ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, tls ? TlsConfig.of(cert, key) : null,
                    options);
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** {@code tcp|udp|unix|tls}, lower case as in YAML. */
    static final class TransportConverter implements ITypeConverter<TransportKind> {
        @Override
        public TransportKind convert(String value) {
            for (TransportKind kind : TransportKind.values()) {
                if (kind.yamlName().equals(value)) {
                    return kind;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a transport; use tcp, udp, unix or tls");
        }
    }
}
