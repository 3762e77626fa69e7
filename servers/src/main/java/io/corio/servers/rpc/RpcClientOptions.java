package io.corio.servers.rpc;

import io.corio.transports.ConnectOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link RpcClient} connects and calls.
 *
 * @param framing     must match the server's: length-prefixed (default) or newline-delimited
 * @param frameLength longest response accepted, bytes (default 16 MiB); a longer one closes the connection
 * @param callTimeout default per-call timeout; zero (the default) for none
 * @param connect     socket and TLS options ({@code ConnectOptions.DEFAULTS.withTls(...)} for TLS)
 */
public record RpcClientOptions(Framing framing, int frameLength, Duration callTimeout, ConnectOptions connect) {
    public static final RpcClientOptions DEFAULTS = new RpcClientOptions(Framing.LENGTH, 16 * 1024 * 1024,
            Duration.ZERO, ConnectOptions.DEFAULTS);

    public RpcClientOptions {
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(connect, "connect");
        if (frameLength <= 0 || frameLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frameLength must be > 0, got " + frameLength);
        }
        if (callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be >= 0, got " + callTimeout);
        }
    }

    public RpcClientOptions withFraming(Framing framing) {
        return new RpcClientOptions(framing, frameLength, callTimeout, connect);
    }

    public RpcClientOptions withFrameLength(int frameLength) {
        return new RpcClientOptions(framing, frameLength, callTimeout, connect);
    }

    public RpcClientOptions withCallTimeout(Duration callTimeout) {
        return new RpcClientOptions(framing, frameLength, callTimeout, connect);
    }

    public RpcClientOptions withConnect(ConnectOptions connect) {
        return new RpcClientOptions(framing, frameLength, callTimeout, connect);
    }
}
