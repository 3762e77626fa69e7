package io.corio.servers.config.internal;

import io.corio.servers.config.AdminConfig;
import io.corio.servers.config.ConfigException;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import org.snakeyaml.engine.v2.nodes.Node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole document into a {@link CorioConfig}: the top level ({@code shutdown}, {@code admin},
 * {@code defaults}, {@code listeners}), limits and timeouts, and the checks across listeners (unique names, no
 * two listeners on one address). One listener is read by {@link ListenerReader}.
 */
public final class ConfigReader {
    static final List<String> ROOT_KEYS = List.of("shutdown", "admin", "defaults", "listeners");
    static final List<String> SHUTDOWN_KEYS = List.of("timeout");
    static final List<String> ADMIN_KEYS = List.of("host", "port");
    static final List<String> DEFAULTS_KEYS = List.of("workers", "backlog", "limits", "timeouts");
    static final List<String> LIMIT_KEYS = List.of("maxConnections", "readSize", "readBuffer", "writeHighWater",
            "writeLowWater", "requestLine", "headerBytes", "headerCount", "bodySize", "pipeline", "frameLength",
            "inFlight");
    static final List<String> TIMEOUT_KEYS = List.of("header", "body", "idle", "call");
    static final int MAX_WORKERS = 1024;
    static final String DEFAULT_HOST = "127.0.0.1";

    /** What a listener inherits from {@code defaults:} unless it says otherwise. */
    record Defaults(int workers, int backlog, ListenerLimits limits, ListenerTimeouts timeouts) {
        static final Defaults BUILT_IN = new Defaults(1, ListenerConfig.DEFAULT_BACKLOG, ListenerLimits.DEFAULTS,
                ListenerTimeouts.DEFAULTS);
    }

    /** The configuration and the files it names ({@code corio check} verifies them). */
    public record Result(CorioConfig config, List<Reading.FileRef> files) {
    }

    private ConfigReader() {
    }

    /**
     * Reads {@code text}.
     *
     * @param source the name errors carry
     * @param file the file it came from ({@link CorioConfig#source()}), or {@code null}
     * @param baseDir the directory relative paths are resolved against
     */
    public static Result read(String text, String source, Path file, Path baseDir) {
        var reading = new Reading(source, baseDir);
        Node root = YamlInput.compose(text, source);
        if (root == null) {
            throw new ConfigException(source, 0, 0, null,
                    "the document is empty; expected a mapping with listeners: (see docs/configuration.md)");
        }
        YamlMap top = YamlMap.of(reading, root, "", ROOT_KEYS);
        var shutdown = top.map("shutdown", SHUTDOWN_KEYS);
        var timeout = shutdown == null ? CorioConfig.DEFAULT_SHUTDOWN_TIMEOUT
                : shutdown.duration("timeout", CorioConfig.DEFAULT_SHUTDOWN_TIMEOUT);
        var addresses = new HashMap<String, String>();
        AdminConfig admin = admin(top.map("admin", ADMIN_KEYS), addresses);
        Defaults defaults = defaults(top.map("defaults", DEFAULTS_KEYS));
        if (!top.has("listeners")) {
            throw top.missing("listeners", "expected a list of listeners, each with name, protocol and an address");
        }
        List<Node> items = top.list("listeners");
        if (items.isEmpty()) {
            throw top.error("listeners", "expected at least one listener");
        }
        var listeners = new ArrayList<ListenerConfig>();
        var names = new HashMap<String, String>();
        for (int i = 0; i < items.size(); i++) {
            String path = "listeners[" + i + "]";
            var entry = YamlMap.of(reading, items.get(i), path, ListenerReader.KEYS);
            ListenerConfig listener = ListenerReader.read(entry, defaults);
            String earlier = names.putIfAbsent(listener.name(), path);
            if (earlier != null) {
                throw entry.error("name", "'" + listener.name() + "' is already the name of " + earlier
                        + "; listener names must be unique");
            }
            claimAddress(entry, listener, addresses);
            listeners.add(listener);
        }
        var config = top.build(() -> new CorioConfig(file, timeout, admin, listeners));
        return new Result(config, reading.files());
    }

    private static AdminConfig admin(YamlMap admin, Map<String, String> addresses) {
        if (admin == null) {
            return null;
        }
        String host = admin.string("host", AdminConfig.DEFAULT_HOST);
        if (!admin.has("port")) {
            throw admin.missing("port", "the admin listener's TCP port (0 picks a free one)");
        }
        int port = (int) admin.integer("port", 0, 0, 65_535);
        if (port != 0) {
            addresses.put("tcp " + host + ":" + port, "admin");
        }
        return admin.build(() -> new AdminConfig(host, port));
    }

    private static Defaults defaults(YamlMap defaults) {
        if (defaults == null) {
            return Defaults.BUILT_IN;
        }
        Defaults base = Defaults.BUILT_IN;
        int workers = (int) defaults.integer("workers", base.workers(), 1, MAX_WORKERS);
        int backlog = (int) defaults.integer("backlog", base.backlog(), 1, 65_535);
        ListenerLimits limits = limits(defaults.map("limits", LIMIT_KEYS), base.limits());
        ListenerTimeouts timeouts = timeouts(defaults.map("timeouts", TIMEOUT_KEYS), base.timeouts());
        return new Defaults(workers, backlog, limits, timeouts);
    }

    /** A {@code limits:} block over {@code base}: keys not given keep the base value. */
    static ListenerLimits limits(YamlMap m, ListenerLimits base) {
        if (m == null) {
            return base;
        }
        int maxInt = Integer.MAX_VALUE;
        int maxConnections = (int) m.integer("maxConnections", base.maxConnections(), 1, maxInt);
        int readSize = (int) m.size("readSize", base.readSize(), 1, maxInt);
        int readBuffer = (int) m.size("readBuffer", base.readBuffer(), 1, maxInt);
        int writeHighWater = (int) m.size("writeHighWater", base.writeHighWater(), 1, maxInt);
        int writeLowWater = (int) m.size("writeLowWater", base.writeLowWater(), 0, maxInt);
        if (writeLowWater > writeHighWater) {
            String key = m.has("writeLowWater") ? "writeLowWater" : "writeHighWater";
            throw m.error(key, "writeLowWater (" + writeLowWater + " bytes) must not be above writeHighWater ("
                    + writeHighWater + " bytes)");
        }
        int requestLine = (int) m.size("requestLine", base.requestLine(), 1, maxInt);
        int headerBytes = (int) m.size("headerBytes", base.headerBytes(), 1, maxInt);
        int headerCount = (int) m.integer("headerCount", base.headerCount(), 1, maxInt);
        long bodySize = m.size("bodySize", base.bodySize(), 1, Long.MAX_VALUE);
        int pipeline = (int) m.integer("pipeline", base.pipeline(), 1, maxInt);
        int frameLength = (int) m.size("frameLength", base.frameLength(), 1, maxInt);
        int inFlight = (int) m.integer("inFlight", base.inFlight(), 1, maxInt);
        return m.build(() -> new ListenerLimits(maxConnections, readSize, readBuffer, writeHighWater, writeLowWater,
                requestLine, headerBytes, headerCount, bodySize, pipeline, frameLength, inFlight));
    }

    /** A {@code timeouts:} block over {@code base}: keys not given keep the base value. */
    static ListenerTimeouts timeouts(YamlMap m, ListenerTimeouts base) {
        if (m == null) {
            return base;
        }
        var header = m.duration("header", base.header());
        var body = m.duration("body", base.body());
        var idle = m.duration("idle", base.idle());
        var call = m.duration("call", base.call());
        return m.build(() -> new ListenerTimeouts(header, body, idle, call));
    }

    /** Refuses a second listener on an address already taken (port 0 never clashes). */
    private static void claimAddress(YamlMap entry, ListenerConfig listener, Map<String, String> addresses) {
        String address;
        String key;
        switch (listener.transport()) {
            case UNIX -> {
                address = "unix " + listener.path();
                key = "path";
            }
            case UDP -> {
                address = listener.port() == 0 ? null : "udp " + listener.host() + ":" + listener.port();
                key = "port";
            }
            default -> {
                address = listener.port() == 0 ? null : "tcp " + listener.host() + ":" + listener.port();
                key = "port";
            }
        }
        if (address == null) {
            return;
        }
        String earlier = addresses.putIfAbsent(address, entry.path());
        if (earlier != null) {
            throw entry.error(key, listener.address() + " is also the address of " + earlier);
        }
    }
}
