package io.corio.servers.launch;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TlsConfig;
import io.corio.servers.config.TransportKind;

import java.nio.file.Path;
import java.util.Map;

/** Listener configurations for tests, with defaults for everything they do not name. */
public final class Listeners {
    private Listeners() {
    }

    public static ListenerConfig tcp(String name, String protocol, int port, int workers) {
        return new ListenerConfig(name, protocol, TransportKind.TCP, "127.0.0.1", port, null, workers, 511,
                ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, null, new ProtocolOptions.Custom(Map.of()));
    }

    public static ListenerConfig udp(String name, String protocol, int port) {
        return new ListenerConfig(name, protocol, TransportKind.UDP, "127.0.0.1", port, null, 1, 511,
                ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, null, new ProtocolOptions.Custom(Map.of()));
    }

    public static ListenerConfig unix(String name, String protocol, Path path, int workers) {
        return new ListenerConfig(name, protocol, TransportKind.UNIX, null, 0, path, workers, 511,
                ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, null, new ProtocolOptions.Custom(Map.of()));
    }

    public static ListenerConfig tls(String name, String protocol, Path cert, Path key) {
        return new ListenerConfig(name, protocol, TransportKind.TLS, "127.0.0.1", 0, null, 1, 511,
                ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, TlsConfig.of(cert, key),
                new ProtocolOptions.Custom(Map.of()));
    }

    public static ListenerConfig withOptions(ListenerConfig l, Map<String, Object> settings) {
        return new ListenerConfig(l.name(), l.protocol(), l.transport(), l.host(), l.port(), l.path(), l.workers(),
                l.backlog(), l.limits(), l.timeouts(), l.tls(), new ProtocolOptions.Custom(settings));
    }

    public static ListenerConfig withWriteBuffer(ListenerConfig l, int high, int low) {
        ListenerLimits d = ListenerLimits.DEFAULTS;
        var limits = new ListenerLimits(d.maxConnections(), d.readSize(), d.readBuffer(), high, low, d.requestLine(),
                d.headerBytes(), d.headerCount(), d.bodySize(), d.pipeline(), d.frameLength(), d.inFlight());
        return new ListenerConfig(l.name(), l.protocol(), l.transport(), l.host(), l.port(), l.path(), l.workers(),
                l.backlog(), limits, l.timeouts(), l.tls(), l.options());
    }

    public static ListenerConfig withMaxConnections(ListenerConfig l, int max) {
        ListenerLimits d = ListenerLimits.DEFAULTS;
        var limits = new ListenerLimits(max, d.readSize(), d.readBuffer(), d.writeHighWater(), d.writeLowWater(),
                d.requestLine(), d.headerBytes(), d.headerCount(), d.bodySize(), d.pipeline(), d.frameLength(),
                d.inFlight());
        return new ListenerConfig(l.name(), l.protocol(), l.transport(), l.host(), l.port(), l.path(), l.workers(),
                l.backlog(), limits, l.timeouts(), l.tls(), l.options());
    }
}
