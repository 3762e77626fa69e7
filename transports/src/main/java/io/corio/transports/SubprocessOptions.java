package io.corio.transports;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link Subprocesses} starts a child process.
 *
 * @param cwd               the child's working directory; null: the JVM's
 * @param environment       variables set in the child on top of the JVM's environment
 * @param removeEnvironment variables of the JVM's environment the child does not get (applied before
 *                          {@code environment})
 * @param stdin             {@link Stdio#PIPE} (the default), INHERIT, DISCARD or a file
 * @param stdout            {@link Stdio#PIPE} (the default), INHERIT, DISCARD or a file
 * @param stderr            {@link Stdio#PIPE} (the default), INHERIT, DISCARD, a file, or {@link Stdio#STDOUT}
 */
public record SubprocessOptions(Path cwd, Map<String, String> environment, Set<String> removeEnvironment,
                                Stdio stdin, Stdio stdout, Stdio stderr) {
    /** Every stream a pipe, the JVM's directory and environment. */
    public static final SubprocessOptions DEFAULTS = new SubprocessOptions(null, Map.of(), Set.of(),
            Stdio.PIPE, Stdio.PIPE, Stdio.PIPE);

    public SubprocessOptions {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        removeEnvironment = Set.copyOf(Objects.requireNonNull(removeEnvironment, "removeEnvironment"));
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (stdin.kind() == Stdio.Kind.STDOUT || stdout.kind() == Stdio.Kind.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only for stderr, got stdin=" + stdin
                    + ", stdout=" + stdout);
        }
        for (String name : environment.keySet()) {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad environment variable name '" + name + "'");
            }
        }
    }

    public SubprocessOptions withCwd(Path cwd) {
        return new SubprocessOptions(cwd, environment, removeEnvironment, stdin, stdout, stderr);
    }

    /** These options plus the variable {@code name=value}. */
    public SubprocessOptions withEnv(String name, String value) {
        var env = new HashMap<>(environment);
        env.put(name, Objects.requireNonNull(value, "value"));
        return new SubprocessOptions(cwd, env, removeEnvironment, stdin, stdout, stderr);
    }

    /** These options, with {@code name} removed from the inherited environment. */
    public SubprocessOptions withoutEnv(String name) {
        var removed = new HashSet<>(removeEnvironment);
        removed.add(name);
        var env = new HashMap<>(environment);
        env.remove(name);
        return new SubprocessOptions(cwd, env, removed, stdin, stdout, stderr);
    }

    public SubprocessOptions withStdin(Stdio stdin) {
        return new SubprocessOptions(cwd, environment, removeEnvironment, stdin, stdout, stderr);
    }

    public SubprocessOptions withStdout(Stdio stdout) {
        return new SubprocessOptions(cwd, environment, removeEnvironment, stdin, stdout, stderr);
    }

    public SubprocessOptions withStderr(Stdio stderr) {
        return new SubprocessOptions(cwd, environment, removeEnvironment, stdin, stdout, stderr);
    }
}
