package io.corio.servers.rpc;

import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link RpcServer} treats each connection.
 *
 * @param framing     length-prefixed (default) or newline-delimited messages
 * @param frameLength longest message in bytes; a longer one is answered {@code -32600} and the connection closes
 * @param inFlight    calls (and notifications) running at once per connection; at the limit no more frames are
 *                    read until one finishes (a batch is admitted whole)
 * @param idle        a connection with no call running and no frame received for this long is closed, one whose
 *                    client reads none of its answers for this long is aborted; zero: never
 * @param callTimeout a call running longer is cancelled and answered {@code -32603 "Call timed out"}; zero: never
 */
public record RpcServerOptions(Framing framing, int frameLength, int inFlight, Duration idle, Duration callTimeout) {
    /** Length framing, 1 MiB frames, 64 calls in flight, 60 s idle, no call timeout (ListenerLimits' defaults). */
    public static final RpcServerOptions DEFAULTS = from(ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS,
            ProtocolOptions.Rpc.DEFAULTS);

    public RpcServerOptions {
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (frameLength <= 0 || frameLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frameLength must be > 0, got " + frameLength);
        }
        if (inFlight <= 0) {
            throw new IllegalArgumentException("inFlight must be > 0, got " + inFlight);
        }
        if (idle.isNegative() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("idle and callTimeout must be >= 0, got " + idle + " and "
                    + callTimeout);
        }
    }

    /** The options of a configured listener: {@code limits.frameLength}, {@code limits.inFlight},
     * {@code timeouts.idle}, {@code timeouts.call} and {@code options.framing}. */
    public static RpcServerOptions from(ListenerLimits limits, ListenerTimeouts timeouts, ProtocolOptions.Rpc rpc) {
        return new RpcServerOptions(Framing.parse(rpc.framing()), limits.frameLength(), limits.inFlight(),
                timeouts.idle(), timeouts.call());
    }

    public RpcServerOptions withFraming(Framing framing) {
        return new RpcServerOptions(framing, frameLength, inFlight, idle, callTimeout);
    }

    public RpcServerOptions withFrameLength(int frameLength) {
        return new RpcServerOptions(framing, frameLength, inFlight, idle, callTimeout);
    }

    public RpcServerOptions withInFlight(int inFlight) {
        return new RpcServerOptions(framing, frameLength, inFlight, idle, callTimeout);
    }

    public RpcServerOptions withIdle(Duration idle) {
        return new RpcServerOptions(framing, frameLength, inFlight, idle, callTimeout);
    }

    public RpcServerOptions withCallTimeout(Duration callTimeout) {
        return new RpcServerOptions(framing, frameLength, inFlight, idle, callTimeout);
    }
}
