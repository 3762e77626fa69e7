package io.corio.servers.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A listener's {@code timeouts:} block. Durations are written {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h};
 * {@code 0} turns a timeout off.
 *
 * @param header time to receive a whole HTTP request head, else the connection closes (http; 10 s)
 * @param body time between two reads of an HTTP request body, else 408 and close (http; 30 s)
 * @param idle time a keep-alive HTTP connection or an RPC connection may sit idle between requests, and an echo
 *     connection may receive nothing and drain nothing (http, rpc, echo; 60 s)
 * @param call longest run of one JSON-RPC method before it is cancelled with a -32603 error (rpc; 0 = none)
 */
public record ListenerTimeouts(Duration header, Duration body, Duration idle, Duration call) {
    public static final ListenerTimeouts DEFAULTS = new ListenerTimeouts(Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO);

    public ListenerTimeouts {
        check("header", header);
        check("body", body);
        check("idle", idle);
        check("call", call);
    }

    private static void check(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative()) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + value);
        }
    }

    /** Whether {@code timeout} is on (not zero). */
    public static boolean on(Duration timeout) {
        return !timeout.isZero();
    }
}
