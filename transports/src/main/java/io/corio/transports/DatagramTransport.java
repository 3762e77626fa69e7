package io.corio.transports;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;

/**
 * A UDP endpoint as its {@link DatagramProtocol} sees it. Methods are called on the loop thread (see
 * {@link BaseTransport}). A datagram that cannot be sent at once is queued whole; the queue's byte count drives
 * {@code pauseWriting}/{@code resumeWriting} with the same water marks as stream transports.
 */
public interface DatagramTransport extends BaseTransport {
    /**
     * Sends {@code data} as one datagram to {@code address} ({@code null} in connected mode means the connected
     * peer). Takes ownership of {@code data}.
     *
     * @throws IllegalArgumentException when {@code address} differs from the connected peer in connected mode,
     *                                  or when {@code address} is null and the endpoint is not connected
     */
    void sendTo(ByteBuf data, SocketAddress address);

    /** Sends {@code data} to the connected peer. Same as {@code sendTo(data, null)}. */
    default void send(ByteBuf data) {
        sendTo(data, null);
    }

    /** The connected peer, or null when this endpoint is not connected. */
    SocketAddress remoteAddress();

    /** The protocol that receives this transport's callbacks. */
    DatagramProtocol protocol();
}
