package io.corio.servers.config.internal;

import io.corio.servers.config.ConfigException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeType;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state of reading one document: its name for messages, the directory that relative paths are resolved
 * against, the files it names (for {@code corio check}), and a budget of nodes visited so that aliases cannot
 * make the reader expand a small document into a huge one.
 */
public final class Reading {
    /** Most nodes the reader visits in one document, counting each alias expansion again. */
    public static final int MAX_NODES = 100_000;

    /** A file or directory the configuration names: {@code corio check} verifies it can be read. */
    public record FileRef(Path path, boolean directory, String key, Optional<Mark> mark) {
    }

    private final String source;
    private final Path baseDir;
    private final List<FileRef> files = new ArrayList<>();
    private int nodes;

    public Reading(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir;
    }

    public String source() {
        return source;
    }

    public List<FileRef> files() {
        return List.copyOf(files);
    }

    /** An error at {@code node}'s start. */
    public ConfigException error(Node node, String key, String problem) {
        return YamlInput.at(source, node == null ? Optional.empty() : node.getStartMark(), key, problem);
    }

    /** Counts one visited node; refuses the document once {@link #MAX_NODES} is passed. */
    void visit(Node node, String key) {
        if (++nodes > MAX_NODES) {
            throw error(node, key, "the document expands to more than " + MAX_NODES
                    + " values through aliases: refused");
        }
        if (node.isRecursive()) {
            throw error(node, key, "an alias refers to a node that contains it (recursive): refused");
        }
    }

    /** {@code text} as a path, relative ones resolved against the configuration file's directory. */
    Path path(Node node, String key, String text, boolean directory) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw error(node, key, "not a valid path: " + e.getReason());
        }
        path = baseDir.resolve(path).normalize();
        files.add(new FileRef(path, directory, key, node.getStartMark()));
        return path;
    }

    /**
     * A socket path, resolved like {@link #path}. The socket file is created at startup, so {@code corio check}
     * verifies only that its directory exists.
     */
    Path socketPath(Node node, String key, String text) {
        Path path;
        try {
            path = baseDir.resolve(Path.of(text)).normalize();
        } catch (InvalidPathException e) {
            throw error(node, key, "not a valid path: " + e.getReason());
        }
        if (path.getParent() != null) {
            files.add(new FileRef(path.getParent(), true, key, node.getStartMark()));
        }
        return path;
    }

    /** How a node reads in a message: {@code a mapping}, {@code a list}, {@code the integer 5}, ... */
    static String describe(Node node) {
        if (node.getNodeType() == NodeType.MAPPING) {
            return "a mapping";
        }
        if (node.getNodeType() == NodeType.SEQUENCE) {
            return "a list";
        }
        String value = ((ScalarNode) node).getValue();
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "an empty value";
        }
        if (tag.equals(Tag.INT)) {
            return "the integer " + value;
        }
        if (tag.equals(Tag.FLOAT)) {
            return "the number " + value;
        }
        if (tag.equals(Tag.BOOL)) {
            return value;
        }
        String shown = value.length() > 40 ? value.substring(0, 37) + "..." : value;
        return "'" + shown + "'";
    }
}
