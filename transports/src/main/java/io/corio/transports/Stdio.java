package io.corio.transports;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one of a child process's standard streams goes ({@link SubprocessOptions}): a pipe to the parent, the
 * parent's own stream, nowhere, a file, or (stderr only) the same pipe or file as stdout.
 *
 * @param kind what to do with the stream
 * @param file the file for {@link Kind#FILE} (read for stdin, truncated and written for stdout/stderr), else null
 */
public record Stdio(Kind kind, Path file) {
    /** The stream is a pipe the parent reads (stdout, stderr) or writes (stdin). */
    public static final Stdio PIPE = new Stdio(Kind.PIPE, null);
    /** The child uses the parent's own stream (the JVM's stdin, stdout or stderr). */
    public static final Stdio INHERIT = new Stdio(Kind.INHERIT, null);
    /** Output is thrown away; stdin reads end of file at once ({@code /dev/null}). */
    public static final Stdio DISCARD = new Stdio(Kind.DISCARD, null);
    /** stderr only: the child's stderr goes where its stdout goes (shell {@code 2>&1}). */
    public static final Stdio STDOUT = new Stdio(Kind.STDOUT, null);

    /** The kinds of redirection. */
    public enum Kind { PIPE, INHERIT, DISCARD, FILE, STDOUT }

    public Stdio {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.FILE) != (file != null)) {
            throw new IllegalArgumentException("a file is needed for FILE and only for FILE, got " + kind
                    + " with file " + file);
        }
    }

    /** The stream is read from (stdin) or written to (stdout, stderr; truncated first) {@code file}. */
    public static Stdio file(Path file) {
        return new Stdio(Kind.FILE, Objects.requireNonNull(file, "file"));
    }

    @Override
    public String toString() {
        return kind == Kind.FILE ? "FILE(" + file + ")" : kind.name();
    }
}
