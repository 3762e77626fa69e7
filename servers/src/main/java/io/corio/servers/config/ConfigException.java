package io.corio.servers.config;

/**
 * A configuration file that cannot be used: a YAML syntax error, an unknown key, a wrong type or value, a missing
 * key, a refused document (too large, too deep, too many aliases) or, from {@link ConfigLoader#check}, a file it
 * names that cannot be read. The one error type of this package; thrown by {@link ConfigLoader} on the calling
 * thread.
 *
 * <p>The message is one line, {@code source:line:column: key: problem}, for example
 * {@code config/corio.yaml:12:11: listeners[1].port: expected 0..65535, got 70000}. Parts that are unknown are left
 * out: {@code config/x.yaml: no such file}.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final int line;
    private final int column;
    private final String key;
    private final String problem;

    /**
     * @param source the file as the user named it, or the source name given to {@link ConfigLoader#parse}
     * @param line 1-based line, or 0 when the problem has no position (a missing file)
     * @param column 1-based column, or 0 when unknown
     * @param key the key path such as {@code listeners[1].tls.cert}, or {@code null} (a YAML syntax error)
     * @param problem what is wrong and what was expected, one line
     */
    public ConfigException(String source, int line, int column, String key, String problem) {
        super(format(source, line, column, key, problem));
        this.source = source;
        this.line = line;
        this.column = column;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String source, int line, int column, String key, String problem) {
        var s = new StringBuilder(source);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append(": ");
        if (key != null && !key.isEmpty()) {
            s.append(key).append(": ");
        }
        return s.append(problem).toString();
    }

    /** The file as the user named it, or the source name given to {@link ConfigLoader#parse}. */
    public String source() {
        return source;
    }

    /** 1-based line of the offending key or value; 0 when the problem has no position. */
    public int line() {
        return line;
    }

    /** 1-based column; 0 when unknown. */
    public int column() {
        return column;
    }

    /** The key path ({@code listeners[1].tls.cert}, {@code shutdown.timeout}), or {@code null}. */
    public String key() {
        return key;
    }

    /** What is wrong and what was expected, without the position. */
    public String problem() {
        return problem;
    }
}
