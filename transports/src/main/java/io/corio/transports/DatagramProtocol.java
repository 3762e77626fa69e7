package io.corio.transports;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;

/**
 * The callbacks of a UDP endpoint. Called on the loop thread that owns the transport, never concurrently:
 *
 * <pre>
 *   connectionMade ──► (datagramReceived | errorReceived)* ──► connectionLost
 * </pre>
 *
 * {@code pauseWriting}/{@code resumeWriting} follow the transport's send queue, which (unlike asyncio's) is
 * bounded by its water marks.
 */
public interface DatagramProtocol extends BaseProtocol {
    /** The endpoint is bound (and connected, in connected mode). Called exactly once, first. */
    default void connectionMade(DatagramTransport transport) {
    }

    /**
     * One datagram arrived from {@code sender}. The buffer is borrowed for the call, as in
     * {@link Protocol#dataReceived}. A datagram larger than the endpoint's {@code maxDatagramSize} arrives
     * truncated to that size (the operating system drops the rest); see {@link DatagramOptions}.
     */
    default void datagramReceived(ByteBuf data, SocketAddress sender) {
    }

    /**
     * A send or receive failed without closing the endpoint, typically an ICMP error such as
     * {@link java.net.PortUnreachableException} reported to a connected endpoint. The endpoint stays open.
     */
    default void errorReceived(Throwable error) {
    }
}
