package io.corio.servers.rpc;

import java.util.Locale;

/** How JSON-RPC messages are cut out of a byte stream. */
public enum Framing {
    /** Each message preceded by its length as a 4-byte big-endian unsigned integer (the default). */
    LENGTH,
    /** One message per line, ended by {@code '\n'} (a {@code '\r'} before it is dropped; empty lines are skipped). */
    NEWLINE;

    /** {@code length} or {@code newline}, as YAML and the command line spell it. */
    public static Framing parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "length" -> LENGTH;
            case "newline" -> NEWLINE;
            default -> throw new IllegalArgumentException("framing must be length or newline, got " + name);
        };
    }

    /** The name as YAML and the command line spell it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
