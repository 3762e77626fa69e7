package io.corio.servers.config.internal;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TlsConfig;
import io.corio.servers.config.TransportKind;
import io.corio.transports.tls.ClientAuth;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code listeners:} into a {@link ListenerConfig}: the address for its transport, the
 * {@code tls} block, and the {@code options} of its protocol (typed for echo, http and rpc; a map for a user
 * class).
 */
final class ListenerReader {
    static final List<String> KEYS = List.of("name", "protocol", "transport", "host", "port", "path", "workers",
            "backlog", "limits", "timeouts", "tls", "options");
    static final List<String> BUILT_IN = List.of("echo", "http", "rpc");
    static final List<String> TRANSPORTS = List.of("tcp", "udp", "unix", "tls");
    static final List<String> TLS_KEYS = List.of("cert", "key", "clientCa", "clientAuth", "alpn", "protocols",
            "provider", "handshakeTimeout");
    static final List<String> CLIENT_AUTH = List.of("none", "optional", "required");
    static final List<String> TLS_VERSIONS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> ECHO_KEYS = List.of("streams");
    static final List<String> HTTP_KEYS = List.of("root", "accessLog", "rpcPath");
    static final List<String> RPC_KEYS = List.of("framing", "service");
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    /** A Java binary class name with a package: {@code com.example.MyProtocol}, {@code a.b.Outer$Inner}. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}"
                    + "\\p{javaJavaIdentifierPart}*)+");

    private ListenerReader() {
    }

    /** Whether {@code name} could name a class on the classpath (a package and a simple name). */
    static boolean plausibleClassName(String name) {
        return CLASS_NAME.matcher(name).matches();
    }

    static ListenerConfig read(YamlMap m, ConfigReader.Defaults defaults) {
        String name = m.requiredString("name", "each listener needs a unique name");
        String protocol = protocol(m);
        TransportKind transport = TransportKind.valueOf(
                m.oneOf("transport", TRANSPORTS, "tcp").toUpperCase(Locale.ROOT));
        if (!transport.isStream() && (protocol.equals("http") || protocol.equals("rpc"))) {
            throw m.error("transport", "protocol " + protocol + " needs a stream transport (tcp, tls or unix), "
                    + "not udp");
        }
        Address address = address(m, transport);
        int workers = (int) m.integer("workers", defaults.workers(), 1, ConfigReader.MAX_WORKERS);
        int backlog = (int) m.integer("backlog", defaults.backlog(), 1, 65_535);
        ListenerLimits limits = ConfigReader.limits(m.map("limits", ConfigReader.LIMIT_KEYS), defaults.limits());
        ListenerTimeouts timeouts = ConfigReader.timeouts(m.map("timeouts", ConfigReader.TIMEOUT_KEYS),
                defaults.timeouts());
        TlsConfig tls = tls(m, transport, protocol);
        ProtocolOptions options = options(m, protocol);
        return m.build(() -> new ListenerConfig(name, protocol, transport, address.host(), address.port(),
                address.path(), workers, backlog, limits, timeouts, tls, options));
    }

    /** Where a listener listens: host and port, or a Unix socket path. */
    private record Address(String host, int port, Path path) {
    }

    private static Address address(YamlMap m, TransportKind transport) {
        if (transport == TransportKind.UNIX) {
            for (String key : List.of("host", "port")) {
                if (m.has(key)) {
                    throw m.error(key, "does not apply to transport unix, which listens on path:");
                }
            }
            if (!m.has("path")) {
                throw m.missing("path", "transport unix needs the socket file's path");
            }
            return new Address(null, 0, m.reading().socketPath(m.node("path"), m.keyPath("path"),
                    m.string("path", null)));
        }
        if (m.has("path")) {
            throw m.error("path", "applies to transport unix only; transport " + transport.yamlName()
                    + " listens on host: and port:");
        }
        String host = m.string("host", ConfigReader.DEFAULT_HOST);
        if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            throw m.error("host", "expected an address or host name without a port; put the port in port:");
        }
        if (!m.has("port")) {
            throw m.missing("port", "transport " + transport.yamlName() + " needs a port (0 picks a free one)");
        }
        return new Address(host, (int) m.integer("port", 0, 0, 65_535), null);
    }

    private static String protocol(YamlMap m) {
        String protocol = m.requiredString("protocol", "echo, http, rpc or the class name of your Protocol");
        if (BUILT_IN.contains(protocol) || plausibleClassName(protocol)) {
            return protocol;
        }
        throw m.error("protocol", "unknown protocol '" + protocol + "': expected echo, http, rpc or a fully "
                + "qualified class name such as com.example.MyProtocol" + Suggestions.hint(protocol, BUILT_IN));
    }

    private static TlsConfig tls(YamlMap m, TransportKind transport, String protocol) {
        if (transport != TransportKind.TLS) {
            if (m.has("tls")) {
                throw m.error("tls", "a tls block needs transport: tls (this listener's transport is "
                        + transport.yamlName() + ")");
            }
            return null;
        }
        if (!m.has("tls")) {
            throw m.reading().error(m.node("transport"), m.keyPath("tls"),
                    "transport tls needs a tls block with cert and key");
        }
        YamlMap t = m.map("tls", TLS_KEYS);
        if (!t.has("cert")) {
            throw t.missing("cert", "the PEM certificate chain (bin/corio cert makes one for development)");
        }
        if (!t.has("key")) {
            throw t.missing("key", "the PEM private key of the certificate");
        }
        Path cert = t.file("cert");
        Path key = t.file("key");
        Path clientCa = t.file("clientCa");
        ClientAuth clientAuth = ClientAuth.valueOf(t.oneOf("clientAuth", CLIENT_AUTH, "none").toUpperCase(Locale.ROOT));
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw t.error("clientAuth", "clientAuth " + clientAuth.name().toLowerCase(Locale.ROOT)
                    + " needs clientCa: the PEM CA certificates that client certificates must chain to");
        }
        List<String> alpn = t.strings("alpn", protocol.equals("http") ? List.of("http/1.1") : List.of(), List.of());
        List<String> versions = t.strings("protocols", TlsConfig.DEFAULT_PROTOCOLS, TLS_VERSIONS);
        if (versions.isEmpty()) {
            throw t.error("protocols", "expected at least one of " + String.join(", ", TLS_VERSIONS));
        }
        String provider = t.oneOf("provider", List.of("bc", "jdk"), "bc");
        Duration handshake = t.duration("handshakeTimeout", DEFAULT_HANDSHAKE_TIMEOUT);
        return t.build(() -> new TlsConfig(cert, key, clientCa, clientAuth, alpn, versions, provider, handshake));
    }

    private static ProtocolOptions options(YamlMap m, String protocol) {
        return switch (protocol) {
            case "echo" -> {
                YamlMap o = m.map("options", ECHO_KEYS);
                yield o == null ? ProtocolOptions.Echo.DEFAULTS : new ProtocolOptions.Echo(o.bool("streams", false));
            }
            case "http" -> {
                YamlMap o = m.map("options", HTTP_KEYS);
                if (o == null) {
                    yield ProtocolOptions.Http.DEFAULTS;
                }
                Path root = o.directory("root");
                boolean accessLog = o.bool("accessLog", ProtocolOptions.Http.DEFAULTS.accessLog());
                String rpcPath = o.string("rpcPath", null);
                if (rpcPath != null && !rpcPath.startsWith("/")) {
                    throw o.error("rpcPath", "expected a path starting with /, such as /rpc; got '" + rpcPath + "'");
                }
                yield new ProtocolOptions.Http(root, accessLog, rpcPath);
            }
            case "rpc" -> {
                YamlMap o = m.map("options", RPC_KEYS);
                if (o == null) {
                    yield ProtocolOptions.Rpc.DEFAULTS;
                }
                String framing = o.oneOf("framing", List.of("length", "newline"), "length");
                String service = o.string("service", "demo");
                if (!service.equals("demo") && !plausibleClassName(service)) {
                    throw o.error("service", "expected demo or the fully qualified name of a class with @RpcMethod "
                            + "methods, such as com.example.Calculator; got '" + service + "'");
                }
                yield o.build(() -> new ProtocolOptions.Rpc(framing, service));
            }
            default -> {
                YamlMap o = m.map("options", null);
                if (o == null) {
                    yield new ProtocolOptions.Custom(Map.of());
                }
                yield new ProtocolOptions.Custom(customMap(o));
            }
        };
    }

    /** A user class's options as plain Java values; nulls are refused (the record keeps immutable maps). */
    private static Map<String, Object> customMap(YamlMap o) {
        var result = new LinkedHashMap<String, Object>();
        for (String key : o.keys()) {
            result.put(key, customValue(o.reading(), o.node(key), o.keyPath(key)));
        }
        return Collections.unmodifiableMap(result);
    }

    private static Object customValue(Reading reading, Node node, String path) {
        return switch (node) {
            case MappingNode mapping -> customMap(YamlMap.of(reading, mapping, path, null));
            case SequenceNode sequence -> {
                reading.visit(sequence, path);
                var items = new ArrayList<>();
                List<Node> nodes = sequence.getValue();
                for (int i = 0; i < nodes.size(); i++) {
                    items.add(customValue(reading, nodes.get(i), path + "[" + i + "]"));
                }
                yield List.copyOf(items);
            }
            case ScalarNode scalar -> {
                reading.visit(scalar, path);
                yield scalar(reading, scalar, path);
            }
            default -> throw reading.error(node, path, "unexpected YAML node " + node.getNodeType());
        };
    }

    private static Object scalar(Reading reading, ScalarNode scalar, String path) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.STR)) {
            return text;
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
        }
        if (tag.equals(Tag.INT)) {
            BigInteger value = text.startsWith("0x") ? new BigInteger(text.substring(2), 16)
                    : text.startsWith("0o") ? new BigInteger(text.substring(2), 8)
                    : new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            return value.bitLength() < 32 ? (Object) value.intValue()
                    : value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        if (tag.equals(Tag.FLOAT)) {
            String lower = text.toLowerCase(Locale.ROOT);
            return lower.endsWith(".nan") ? Double.NaN
                    : lower.endsWith(".inf") ? (lower.startsWith("-") ? Double.NEGATIVE_INFINITY
                    : Double.POSITIVE_INFINITY) : Double.parseDouble(text);
        }
        if (tag.equals(Tag.NULL)) {
            throw reading.error(scalar, path, "empty values (null) are not allowed in options; remove the key or "
                    + "give a value");
        }
        throw reading.error(scalar, path, "unsupported YAML tag " + tag.getValue());
    }
}
