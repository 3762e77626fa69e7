package io.corio.transports.udp;

import static io.corio.transports.udp.UdpEndpointTest.any;
import static io.corio.transports.udp.UdpEndpointTest.closeAll;
import static io.corio.transports.udp.UdpEndpointTest.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Network;
import io.corio.loop.Future;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Address families, multicast and the errors an endpoint reports when it cannot open. */
class UdpAddressTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void ipv6EndpointsExchangeDatagrams() {
        assumeIpv6Loopback();
        var ipv6 = new InetSocketAddress("::1", 0);
        loop.runUntilComplete(() -> {
            var a = new DatagramRecorder(loop);
            var b = new DatagramRecorder(loop);
            open(a, DatagramOptions.bind(ipv6));
            open(b, DatagramOptions.connect(local(a.transport)));
            b.transport.send(Buffers.utf8("over v6"));

            var got = a.next();
            assertThat(got.text()).isEqualTo("over v6");
            assertThat(got.sender()).isEqualTo(local(b.transport));
            assertThat(b.transport.toString()).contains("remote=[0:0:0:0:0:0:0:1]:");
            closeAll(a.transport, b.transport);
            return null;
        });
    }

    @Test
    void multicastGroupIsJoinedAndItsDatagramsArrive() throws Exception {
        NetworkInterface nif = multicastInterface().orElse(null);
        Assumptions.assumeTrue(nif != null, () -> skip("no IPv4 interface is up with multicast support"));
        InetAddress group = InetAddress.getByName("239.255.42.99");
        loop.runUntilComplete(() -> {
            var member = new DatagramRecorder(loop);
            open(member, DatagramOptions.bind(new InetSocketAddress("0.0.0.0", 0))
                    .withReuseAddress(true).withMulticast(List.of(group), nif));
            DatagramTransport sender = open(new DatagramRecorder(loop),
                    DatagramOptions.bind(new InetSocketAddress("0.0.0.0", 0)).withMulticast(List.of(), nif));
            sender.sendTo(Buffers.utf8("to the group"), new InetSocketAddress(group, local(member.transport).getPort()));

            assertThat(member.next().text()).isEqualTo("to the group"); // looped back by IP_MULTICAST_LOOP
            closeAll(sender, member.transport);
            return null;
        });
    }

    @Test
    void unixSocketAddressFailsSayingTheJdkHasNoUnixDatagrams() {
        var path = UnixDomainSocketAddress.of("/tmp/corio-udp-test.sock");
        Future<DatagramTransport> f = Network.createDatagramEndpoint(loop, () -> new DatagramProtocol() { },
                DatagramOptions.bind(path));

        assertThat(f.isDone()).isTrue();
        assertThat(f.exception())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("/tmp/corio-udp-test.sock")
                .hasMessageContaining("the JDK has no AF_UNIX datagram sockets");
    }

    @Test
    void bindingToAPortInUseFailsNamingTheAddress() throws IOException {
        try (var taken = DatagramChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(any());
            var address = (InetSocketAddress) taken.getLocalAddress();
            Future<DatagramTransport> f = Network.createDatagramEndpoint(loop, () -> new DatagramProtocol() { },
                    DatagramOptions.bind(address));

            assertThat(f.isDone()).isTrue();
            assertThat(f.exception())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(address.toString())
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void addressesOfDifferentFamiliesAreRefused() {
        Future<DatagramTransport> f = Network.createDatagramEndpoint(loop, () -> new DatagramProtocol() { },
                DatagramOptions.bind(any()).withRemoteAddress(new InetSocketAddress("::1", 9)));

        assertThat(f.exception())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different families");
    }

    @Test
    void aThrowingConnectionMadeFailsTheFutureAndClosesTheEndpoint() {
        var recorder = new DatagramRecorder(loop) {
            @Override
            public void connectionMade(DatagramTransport transport) {
                super.connectionMade(transport);
                throw new IllegalStateException("not today");
            }
        };
        Future<DatagramTransport> f = Network.createDatagramEndpoint(loop, () -> recorder,
                DatagramOptions.bind(any()));

        assertThat(f.exception()).hasMessage("not today");
        assertThat(loop.runUntilComplete(recorder.lost)).hasMessage("not today");
        assertThat(recorder.transport.isClosing()).isTrue();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private DatagramTransport open(DatagramProtocol protocol, DatagramOptions options) {
        return Network.createDatagramEndpoint(loop, () -> protocol, options).await();
    }

    private static void assumeIpv6Loopback() {
        try (var probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress("::1", 0));
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort(skip("::1 is not available: " + e));
        }
    }

    /** An interface that is up, supports multicast and has an IPv4 address. */
    private static Optional<NetworkInterface> multicastInterface() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(nif -> {
                    try {
                        return nif.isUp() && nif.supportsMulticast()
                                && nif.inetAddresses().anyMatch(a -> a instanceof Inet4Address);
                    } catch (SocketException e) {
                        return false;
                    }
                })
                .findFirst();
    }

    private static String skip(String reason) {
        System.out.println("SKIPPED: " + reason);
        return reason;
    }
}
