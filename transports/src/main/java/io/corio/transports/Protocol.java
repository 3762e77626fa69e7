package io.corio.transports;

import io.netty.buffer.ByteBuf;

/**
 * The callbacks of a stream connection (TCP, Unix, TLS, in-memory). One protocol instance serves one connection.
 *
 * <pre>
 *   connectionMade ──► dataReceived* ──► eofReceived? ──► connectionLost
 *                       (pauseWriting ⇄ resumeWriting may interleave anywhere before connectionLost)
 * </pre>
 *
 * Each arrow is taken at most once, in this order, always on the loop thread that owns the transport;
 * {@code connectionMade} and {@code connectionLost} are called exactly once when the connection was established.
 * A method that throws does not break the loop: the error goes to the loop's exception handler and the transport
 * is aborted with that error as the cause.
 *
 * <p>An echo server overrides two methods:
 * <pre>{@code
 * public final class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuf data) { transport.write(data.retain()); }
 * }
 * }</pre>
 */
public interface Protocol extends BaseProtocol {
    /** The connection is up (after the TLS handshake, for TLS). Called exactly once, first. */
    default void connectionMade(Transport transport) {
    }

    /**
     * Bytes arrived. The buffer is <em>borrowed</em> for the duration of the call: the transport releases it
     * afterwards, so {@code retain()} it (or copy) to keep it, and never release it without retaining first.
     * Called zero or more times, never with an empty buffer.
     */
    default void dataReceived(ByteBuf data) {
    }

    /**
     * The peer will send no more (it shut down its write side). Return true to keep the write side open
     * (half-close; close it later with {@link Transport#close()}), false to let the transport close. Called at
     * most once, after the last {@code dataReceived}. Over TLS, the peer's close_notify arrives here; TLS cannot
     * half-close, so the return value is ignored there and the transport closes.
     */
    default boolean eofReceived() {
        return false;
    }
}
