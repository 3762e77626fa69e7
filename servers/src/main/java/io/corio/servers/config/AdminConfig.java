package io.corio.servers.config;

import java.util.Objects;

/**
 * The admin HTTP listener: {@code /healthz}, {@code /metrics} (Prometheus text) and {@code /tasks}. Bound to
 * loopback unless the file says otherwise.
 *
 * @param host address to bind (default {@code 127.0.0.1})
 * @param port TCP port, 0 for any free port
 */
public record AdminConfig(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        ListenerConfig.checkPort(port);
    }
}
