package io.corio.servers.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A whole configuration file, validated: every listener {@code bin/corio serve} starts, the graceful-shutdown
 * deadline and the optional admin listener. Immutable; built by {@link ConfigLoader} or in code.
 *
 * <p>YAML keys equal the record components: {@code shutdown: {timeout: 30s}}, {@code admin: {...}},
 * {@code listeners: [...]}. See docs/configuration.md.
 *
 * @param source where it was read from ({@code null} when built in code or from command-line options)
 * @param shutdownTimeout how long in-flight requests may run after SIGTERM/SIGINT before connections are closed
 * @param admin the admin listener ({@code /healthz}, {@code /metrics}, {@code /tasks}), or {@code null} for none
 * @param listeners at least one; names are unique
 */
public record CorioConfig(Path source, Duration shutdownTimeout, AdminConfig admin, List<ListenerConfig> listeners) {
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public CorioConfig {
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdown.timeout must be >= 0, got " + shutdownTimeout);
        }
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("listeners: at least one listener is needed");
        }
        var names = new java.util.HashSet<String>();
        for (ListenerConfig listener : listeners) {
            if (!names.add(listener.name())) {
                throw new IllegalArgumentException("listeners: the name '" + listener.name() + "' is used twice");
            }
        }
    }

    /** One listener and the default shutdown deadline, no admin listener: what {@code corio echo|http|rpc} run. */
    public static CorioConfig of(ListenerConfig listener) {
        return new CorioConfig(null, DEFAULT_SHUTDOWN_TIMEOUT, null, List.of(listener));
    }
}
