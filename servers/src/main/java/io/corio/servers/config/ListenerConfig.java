package io.corio.servers.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of {@code listeners:}: what to serve ({@code protocol}), on which transport and address, with how many
 * loops, and the limits, timeouts and options of that protocol.
 *
 * <pre>{@code
 * - name: web                # unique; shown in the banner, logs and metrics
 *   protocol: http           # echo | http | rpc | a fully qualified class name (Protocol or factory)
 *   transport: tcp           # tcp | udp | unix | tls
 *   host: 127.0.0.1          # tcp, udp, tls
 *   port: 8080               # tcp, udp, tls; 0 = any free port
 *   path: /tmp/corio.sock    # unix only
 *   workers: 1               # loops serving this listener (SO_REUSEPORT socket per loop on Linux)
 *   backlog: 511
 *   limits: {...}            # ListenerLimits
 *   timeouts: {...}          # ListenerTimeouts
 *   tls: {...}               # TlsConfig, required when transport is tls
 *   options: {...}           # per protocol, see ProtocolOptions
 * }</pre>
 *
 * @param name unique among listeners
 * @param protocol {@code echo}, {@code http}, {@code rpc} or a class name
 * @param transport the transport
 * @param host bind address for tcp, udp and tls ({@code null} for unix)
 * @param port bind port for tcp, udp and tls, 0..65535 (0 picks a free port)
 * @param path socket file for unix ({@code null} otherwise)
 * @param workers number of loops, at least 1
 * @param backlog listen backlog, at least 1
 * @param limits size limits
 * @param timeouts time limits
 * @param tls TLS settings: required for {@code tls}, {@code null} otherwise
 * @param options the protocol's options
 */
public record ListenerConfig(String name, String protocol, TransportKind transport, String host, int port,
        Path path, int workers, int backlog, ListenerLimits limits, ListenerTimeouts timeouts, TlsConfig tls,
        ProtocolOptions options) {
    public static final int DEFAULT_BACKLOG = 511;

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(options, "options");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (transport == TransportKind.UNIX) {
            if (path == null) {
                throw new IllegalArgumentException("path is required for transport unix");
            }
        } else {
            if (host == null) {
                throw new IllegalArgumentException("host is required for transport " + transport.yamlName());
            }
            checkPort(port);
        }
        if ((transport == TransportKind.TLS) != (tls != null)) {
            throw new IllegalArgumentException(tls == null ? "a tls block is required for transport tls"
                    : "a tls block needs transport tls, not " + transport.yamlName());
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be >= 1, got " + backlog);
        }
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /** Whether {@code protocol} names one of Corio's servers rather than a user class. */
    public boolean builtIn() {
        return protocol.equals("echo") || protocol.equals("http") || protocol.equals("rpc");
    }

    /** The address as the banner prints it before binding: {@code tcp://127.0.0.1:7000}, {@code unix:/tmp/s}. */
    public String address() {
        return transport == TransportKind.UNIX ? "unix:" + path
                : transport.yamlName() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** A free-form map view of the options of a user protocol class (empty for built-in protocols). */
    public Map<String, Object> customSettings() {
        return options instanceof ProtocolOptions.Custom custom ? custom.settings() : Map.of();
    }
}
