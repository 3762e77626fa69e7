package io.corio.transports.internal.udp;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Opens UDP endpoints for {@code Network.createDatagramEndpoint}: a non-blocking {@link DatagramChannel} of the
 * addresses' family, with its options set, bound, connected and joined to its multicast groups, handed to a
 * {@link UdpTransport}.
 */
public final class DatagramEndpoints {
    private DatagramEndpoints() {
    }

    /**
     * Opens the endpoint and calls the protocol's {@code connectionMade} before returning. The future is already
     * done: with the transport, or with the failure (an {@link IOException} naming the address, an
     * {@link UnsupportedOperationException} for a Unix socket address, an {@link IllegalArgumentException} for
     * addresses that cannot go together).
     */
    public static Future<DatagramTransport> create(EventLoop loop, Supplier<? extends DatagramProtocol> factory,
                                                   DatagramOptions options) {
        return create(loop, factory, options, UnaryOperator.identity());
    }

    /** {@link #create(EventLoop, Supplier, DatagramOptions)} with the socket's send call wrapped, for tests. */
    static Future<DatagramTransport> create(EventLoop loop, Supplier<? extends DatagramProtocol> factory,
                                            DatagramOptions options, UnaryOperator<DatagramSender> wrapSender) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        Future<DatagramTransport> result = loop.createFuture();
        DatagramChannel channel = null;
        try {
            channel = open(options);
            DatagramProtocol protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
            var transport = new UdpTransport(loop, channel, protocol, wrapSender.apply(DatagramSender.of(channel)),
                    options.maxDatagramSize(), options.writeHigh(), options.writeLow());
            channel = null; // the transport owns it now
            transport.start();
            result.setResult(transport);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            result.setException(e);
        }
        return result;
    }

    private static DatagramChannel open(DatagramOptions options) throws IOException {
        SocketAddress local = options.localAddress();
        SocketAddress remote = options.remoteAddress();
        DatagramChannel channel = DatagramChannel.open(familyOf(local, remote));
        try {
            channel.configureBlocking(false);
            setIf(channel, options.reuseAddress(), StandardSocketOptions.SO_REUSEADDR);
            setIf(channel, options.reusePort(), StandardSocketOptions.SO_REUSEPORT);
            setIf(channel, options.broadcast(), StandardSocketOptions.SO_BROADCAST);
            if (options.multicastInterface() != null) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, options.multicastInterface());
            }
            if (local != null) {
                bind(channel, local);
            }
            if (remote != null) {
                connect(channel, remote);
            }
            for (InetAddress group : options.multicastGroups()) {
                join(channel, group, options.multicastInterface(), local);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** IPv6 when an address is IPv6, IPv4 otherwise; both addresses must be resolved IP addresses of one family. */
    private static ProtocolFamily familyOf(SocketAddress local, SocketAddress remote) {
        InetAddress l = ipOf(local, "local");
        InetAddress r = ipOf(remote, "remote");
        if (l != null && r != null && (l instanceof Inet6Address) != (r instanceof Inet6Address)) {
            throw new IllegalArgumentException("local address " + local + " and remote address " + remote
                    + " are of different families (IPv4 and IPv6)");
        }
        InetAddress any = r != null ? r : l;
        return any instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static InetAddress ipOf(SocketAddress address, String which) {
        if (address == null) {
            return null;
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            throw new UnsupportedOperationException("cannot open a datagram endpoint on the Unix socket "
                    + unix.getPath() + ": the JDK has no AF_UNIX datagram sockets (only Unix streams, see "
                    + "Network.createUnixServer); use a UDP address");
        }
        if (!(address instanceof InetSocketAddress isa)) {
            throw new IllegalArgumentException("the " + which + " address must be an InetSocketAddress, got "
                    + address.getClass().getName() + " " + address);
        }
        if (isa.isUnresolved()) {
            throw new IllegalArgumentException("the " + which + " address " + isa + " is unresolved");
        }
        return isa.getAddress();
    }

    private static void setIf(DatagramChannel channel, boolean on, SocketOption<Boolean> option)
            throws IOException {
        if (!on) {
            return;
        }
        if (!channel.supportedOptions().contains(option)) {
            throw new UnsupportedOperationException(option.name() + " is not supported on this platform");
        }
        channel.setOption(option, true);
    }

    private static void bind(DatagramChannel channel, SocketAddress local) throws IOException {
        try {
            channel.bind(local);
        } catch (IOException e) {
            var named = new BindException("cannot bind a UDP endpoint to " + local + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static void connect(DatagramChannel channel, SocketAddress remote) throws IOException {
        try {
            channel.connect(remote);
        } catch (IOException e) {
            throw new SocketException("cannot connect a UDP endpoint to " + remote + ": " + e.getMessage(), e);
        }
    }

    private static void join(DatagramChannel channel, InetAddress group, NetworkInterface requested,
                             SocketAddress local) throws IOException {
        NetworkInterface nif = requested != null ? requested : defaultInterface(group, local);
        try {
            channel.join(group, nif);
        } catch (IOException | IllegalArgumentException e) {
            throw new SocketException("cannot join the multicast group " + group.getHostAddress() + " on "
                    + nif.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The interface of a specific local address, else the first interface that is up, supports multicast and
     * has an address of the group's family (non-loopback first). The JDK needs an interface to join on.
     */
    private static NetworkInterface defaultInterface(InetAddress group, SocketAddress local) throws IOException {
        if (local instanceof InetSocketAddress isa && !isa.getAddress().isAnyLocalAddress()) {
            NetworkInterface own = NetworkInterface.getByInetAddress(isa.getAddress());
            if (own != null) {
                return own;
            }
        }
        NetworkInterface loopback = null;
        for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
            if (!nif.isUp() || !nif.supportsMulticast() || !hasFamilyOf(nif, group)) {
                continue;
            }
            if (!nif.isLoopback()) {
                return nif;
            }
            loopback = loopback == null ? nif : loopback;
        }
        if (loopback != null) {
            return loopback;
        }
        throw new SocketException("cannot join the multicast group " + group.getHostAddress()
                + ": no interface is up with multicast support; set DatagramOptions.multicastInterface");
    }

    private static boolean hasFamilyOf(NetworkInterface nif, InetAddress group) {
        boolean v6 = group instanceof Inet6Address;
        return nif.inetAddresses().anyMatch(a -> (a instanceof Inet6Address) == v6);
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the error being reported matters more
        }
    }
}
