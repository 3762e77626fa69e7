package io.corio.servers.config;

import java.util.Locale;

/** The transport a listener serves on; YAML values are the lower-case names. */
public enum TransportKind {
    TCP, UDP, UNIX, TLS;

    /** The YAML spelling: {@code tcp}, {@code udp}, {@code unix}, {@code tls}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the transport is a byte stream (everything but UDP). */
    public boolean isStream() {
        return this != UDP;
    }
}
