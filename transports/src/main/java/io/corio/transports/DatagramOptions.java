package io.corio.transports;

import io.corio.transports.internal.WaterMarks;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.util.List;

/**
 * How a UDP endpoint is bound and connected. At least one of {@code localAddress} and {@code remoteAddress} is
 * needed: {@code DatagramOptions.bind(new InetSocketAddress("127.0.0.1", 9000))},
 * {@code DatagramOptions.connect(peer)}.
 *
 * @param localAddress       bind here (port 0 for any), or null to let the connect choose
 * @param remoteAddress      connected mode: only this peer's datagrams arrive, ICMP errors reach
 *                           {@link DatagramProtocol#errorReceived}, and {@code send} needs no address; or null
 * @param reuseAddress       {@code SO_REUSEADDR}
 * @param reusePort          {@code SO_REUSEPORT}
 * @param broadcast          {@code SO_BROADCAST}
 * @param multicastGroups    groups to join on {@code multicastInterface}
 * @param multicastInterface the interface for joins and multicast sends, or null for the default
 * @param maxDatagramSize    the receive buffer per datagram; longer datagrams arrive truncated (65,507 by default,
 *                           the largest UDP payload over IPv4)
 * @param writeHigh          send queue high-water mark, bytes
 * @param writeLow           send queue low-water mark, bytes
 */
public record DatagramOptions(SocketAddress localAddress, SocketAddress remoteAddress, boolean reuseAddress,
                              boolean reusePort, boolean broadcast, List<InetAddress> multicastGroups,
                              NetworkInterface multicastInterface, int maxDatagramSize, int writeHigh,
                              int writeLow) {
    public static final int MAX_UDP_PAYLOAD = 65_507;

    public DatagramOptions {
        if (localAddress == null && remoteAddress == null) {
            throw new IllegalArgumentException("need a localAddress, a remoteAddress or both");
        }
        multicastGroups = multicastGroups == null ? List.of() : List.copyOf(multicastGroups);
        if (maxDatagramSize <= 0 || maxDatagramSize > 65_535) {
            throw new IllegalArgumentException("maxDatagramSize must be in 1..65535, got " + maxDatagramSize);
        }
        WaterMarks.check(writeHigh, writeLow);
    }

    /** An endpoint bound to {@code localAddress}, not connected. */
    public static DatagramOptions bind(SocketAddress localAddress) {
        return new DatagramOptions(localAddress, null, false, false, false, List.of(), null, MAX_UDP_PAYLOAD,
                ServerOptions.DEFAULT_WRITE_HIGH, ServerOptions.DEFAULT_WRITE_LOW);
    }

    /** An endpoint connected to {@code remoteAddress}, bound to an ephemeral local port. */
    public static DatagramOptions connect(SocketAddress remoteAddress) {
        return new DatagramOptions(null, remoteAddress, false, false, false, List.of(), null, MAX_UDP_PAYLOAD,
                ServerOptions.DEFAULT_WRITE_HIGH, ServerOptions.DEFAULT_WRITE_LOW);
    }

    public DatagramOptions withLocalAddress(SocketAddress localAddress) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withRemoteAddress(SocketAddress remoteAddress) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withReuseAddress(boolean reuseAddress) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withReusePort(boolean reusePort) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withBroadcast(boolean broadcast) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withMulticast(List<InetAddress> groups, NetworkInterface networkInterface) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, groups,
                networkInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withMaxDatagramSize(int maxDatagramSize) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }

    public DatagramOptions withWriteBufferLimits(int writeHigh, int writeLow) {
        return new DatagramOptions(localAddress, remoteAddress, reuseAddress, reusePort, broadcast, multicastGroups,
                multicastInterface, maxDatagramSize, writeHigh, writeLow);
    }
}
