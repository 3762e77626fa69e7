package io.corio.transports.internal.udp;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The one socket call that sends a datagram without blocking. A seam: Linux loopback never refuses a datagram
 * (the loopback device frees the sender's buffer at once), so tests wrap this to make the socket look full and
 * exercise the send queue on a real channel.
 */
@FunctionalInterface
interface DatagramSender {
    /**
     * Sends the remaining bytes of {@code src} as one datagram to {@code target} (null: the connected peer).
     *
     * @return the bytes sent, 0 when the socket buffer is full (nothing was sent)
     */
    int send(ByteBuffer src, SocketAddress target) throws IOException;

    /** The real thing: {@code write} on a connected channel (no address check), {@code send} otherwise. */
    static DatagramSender of(DatagramChannel channel) {
        return (src, target) -> target == null ? channel.write(src) : channel.send(src, target);
    }
}
