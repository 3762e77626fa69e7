package io.corio.servers.config.internal;

import io.corio.servers.config.ConfigException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One YAML mapping of the schema, read key by key with typed getters. Every error names the key path
 * ({@code listeners[1].tls.cert}) and the position of the offending key or value. Made by {@link #of}, which
 * refuses non-string keys, duplicate keys and keys not in the allowed list (with a suggestion).
 */
public final class YamlMap {
    private final Reading reading;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> entries;

    private YamlMap(Reading reading, MappingNode node, String path, Map<String, NodeTuple> entries) {
        this.reading = reading;
        this.node = node;
        this.path = path;
        this.entries = entries;
    }

    /**
     * Reads {@code node} as a mapping whose keys are all in {@code allowed}.
     *
     * @param path the key path of the mapping, {@code ""} for the document root
     * @param allowed the keys of the schema, or {@code null} for any string key (user options)
     */
    public static YamlMap of(Reading reading, Node node, String path, List<String> allowed) {
        reading.visit(node, path);
        if (!(node instanceof MappingNode mapping)) {
            throw reading.error(node, path, "expected a mapping"
                    + (allowed == null ? "" : " with keys " + String.join(", ", allowed))
                    + "; got " + Reading.describe(node));
        }
        var entries = new LinkedHashMap<String, NodeTuple>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || !keyNode.getTag().equals(Tag.STR)) {
                throw reading.error(keyNode, path, "keys must be plain words; got " + Reading.describe(keyNode));
            }
            String key = scalar.getValue();
            String keyPath = join(path, key);
            NodeTuple earlier = entries.get(key);
            if (earlier != null) {
                int line = earlier.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(0);
                throw reading.error(keyNode, keyPath, "duplicate key (first given on line " + line + ")");
            }
            if (allowed != null && !allowed.contains(key)) {
                throw reading.error(keyNode, keyPath, "unknown key; expected one of " + String.join(", ", allowed)
                        + Suggestions.hint(key, allowed));
            }
            entries.put(key, tuple);
        }
        return new YamlMap(reading, mapping, path, entries);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public Reading reading() {
        return reading;
    }

    public String path() {
        return path;
    }

    /** The key path of {@code key} in this mapping. */
    public String keyPath(String key) {
        return join(path, key);
    }

    /** The keys present, in document order. */
    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node of {@code key}, or {@code null} if absent. */
    public Node node(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? null : tuple.getValueNode();
    }

    /** An error at the value of {@code key} (at the mapping if the key is absent). */
    public ConfigException error(String key, String problem) {
        Node value = node(key);
        return reading.error(value == null ? node : value, keyPath(key), problem);
    }

    /** An error about the mapping as a whole, at its start. */
    public ConfigException error(String problem) {
        return reading.error(node, path, problem);
    }

    /** The error for a required key that is absent, at the start of the mapping. */
    public ConfigException missing(String key, String why) {
        return reading.error(node, keyPath(key), "missing" + (why.isEmpty() ? "" : ": " + why));
    }

    /** The nested mapping of {@code key}, or {@code null} if absent. */
    public YamlMap map(String key, List<String> allowed) {
        Node value = node(key);
        return value == null ? null : of(reading, value, keyPath(key), allowed);
    }

    /** The list of {@code key} (empty if absent). */
    public List<Node> list(String key) {
        Node value = node(key);
        if (value == null) {
            return List.of();
        }
        reading.visit(value, keyPath(key));
        if (!(value instanceof SequenceNode sequence)) {
            throw error(key, "expected a list; got " + Reading.describe(value));
        }
        return sequence.getValue();
    }

    private ScalarNode scalar(String key, Tag tag, String expected) {
        Node value = node(key);
        reading.visit(value, keyPath(key));
        if (!(value instanceof ScalarNode scalar) || !value.getTag().equals(tag)) {
            String hint = value.getNodeType() == NodeType.SCALAR && value.getTag().equals(Tag.ENV_TAG)
                    ? " (environment variables are not expanded)" : "";
            throw error(key, "expected " + expected + "; got " + Reading.describe(value) + hint);
        }
        return scalar;
    }

    /** A string, or {@code fallback} if absent. */
    public String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        String value = scalar(key, Tag.STR, "a string").getValue();
        if (value.isBlank()) {
            throw error(key, "must not be blank");
        }
        return value;
    }

    /** A required string. */
    public String requiredString(String key, String why) {
        if (!has(key)) {
            throw missing(key, why);
        }
        return string(key, null);
    }

    /** One of {@code allowed}, or {@code fallback} if absent. */
    public String oneOf(String key, List<String> allowed, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        Node value = node(key);
        if (value instanceof ScalarNode scalar && allowed.contains(scalar.getValue())) {
            return scalar.getValue();
        }
        String given = value instanceof ScalarNode scalar ? scalar.getValue() : "";
        throw error(key, "expected one of " + String.join(", ", allowed) + "; got " + Reading.describe(value)
                + Suggestions.hint(given, allowed));
    }

    /** An integer in {@code min..max}, or {@code fallback} if absent. */
    public long integer(String key, long fallback, long min, long max) {
        if (!has(key)) {
            return fallback;
        }
        long value = parseInteger(key, scalar(key, Tag.INT, "an integer").getValue());
        if (value < min || value > max) {
            throw error(key, "expected " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** A boolean ({@code true} or {@code false}), or {@code fallback} if absent. */
    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        return Boolean.parseBoolean(scalar(key, Tag.BOOL, "true or false").getValue().toLowerCase(Locale.ROOT));
    }

    /** A duration ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 0}), or {@code fallback}. */
    public Duration duration(String key, Duration fallback) {
        if (!has(key)) {
            return fallback;
        }
        Node value = node(key);
        String text = value instanceof ScalarNode scalar
                && (value.getTag().equals(Tag.STR) || value.getTag().equals(Tag.INT)) ? scalar.getValue() : null;
        if (text == null) {
            throw error(key, "expected a duration such as 500ms, 10s, 2m or 1h; got " + Reading.describe(value));
        }
        return parse(key, () -> Units.duration(text));
    }

    /** A size in bytes ({@code 512}, {@code 16KiB}, {@code 1 MiB}) in {@code min..max}, or {@code fallback}. */
    public long size(String key, long fallback, long min, long max) {
        if (!has(key)) {
            return fallback;
        }
        Node value = node(key);
        String text = value instanceof ScalarNode scalar
                && (value.getTag().equals(Tag.STR) || value.getTag().equals(Tag.INT)) ? scalar.getValue() : null;
        if (text == null) {
            throw error(key, "expected a size such as 512, 16KiB or 1MiB; got " + Reading.describe(value));
        }
        long bytes = parse(key, () -> Units.size(text));
        if (bytes < min || bytes > max) {
            throw error(key, "expected " + min + ".." + max + " bytes, got " + bytes);
        }
        return bytes;
    }

    /** A file path (relative to the configuration file's directory), or {@code null} if absent. */
    public Path file(String key) {
        return has(key) ? reading.path(node(key), keyPath(key), string(key, null), false) : null;
    }

    /** A directory path (relative to the configuration file's directory), or {@code null} if absent. */
    public Path directory(String key) {
        return has(key) ? reading.path(node(key), keyPath(key), string(key, null), true) : null;
    }

    /** A list of strings, or {@code fallback} if absent; each must be in {@code allowed} unless it is empty. */
    public List<String> strings(String key, List<String> fallback, List<String> allowed) {
        if (!has(key)) {
            return fallback;
        }
        var result = new ArrayList<String>();
        List<Node> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = keyPath(key) + "[" + i + "]";
            reading.visit(item, itemPath);
            if (!(item instanceof ScalarNode scalar) || !item.getTag().equals(Tag.STR) || scalar.getValue().isBlank()) {
                throw reading.error(item, itemPath, "expected a string; got " + Reading.describe(item));
            }
            if (!allowed.isEmpty() && !allowed.contains(scalar.getValue())) {
                throw reading.error(item, itemPath, "expected one of " + String.join(", ", allowed) + "; got "
                        + Reading.describe(item) + Suggestions.hint(scalar.getValue(), allowed));
            }
            result.add(scalar.getValue());
        }
        return result;
    }

    private <T> T parse(String key, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    /** Core schema integers: decimal with sign, {@code 0o17}, {@code 0x1F}; {@code _} is not allowed. */
    private long parseInteger(String key, String text) {
        try {
            BigInteger value;
            if (text.startsWith("0x")) {
                value = new BigInteger(text.substring(2), 16);
            } else if (text.startsWith("0o")) {
                value = new BigInteger(text.substring(2), 8);
            } else {
                value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            }
            return value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(key, "the integer " + text + " is too large");
        }
    }

    /**
     * Builds a record from values already read; an {@link IllegalArgumentException} from its compact constructor
     * becomes an error at the key its message starts with ({@code "port must be ..."}) or else at the mapping.
     */
    public <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int space = message.indexOf(' ');
            String first = space < 0 ? message : message.substring(0, space);
            String last = first.contains(".") ? first.substring(first.lastIndexOf('.') + 1) : first;
            if (space > 0 && has(last)) {
                throw error(last, message.substring(space + 1));
            }
            throw error(message);
        }
    }
}
