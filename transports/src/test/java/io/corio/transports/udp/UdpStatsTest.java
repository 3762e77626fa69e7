package io.corio.transports.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.DatagramOptions;
import io.corio.transports.Network;
import io.corio.transports.TransportStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The datagram side of {@link Network#stats}. */
class UdpStatsTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void datagramsAndTheirBytesAreCountedBothWays() {
        loop.runUntilComplete(() -> {
            var server = new DatagramRecorder(loop);
            Network.createDatagramEndpoint(loop, () -> server, DatagramOptions.bind(UdpEndpointTest.any())).await();
            var client = new DatagramRecorder(loop);
            Network.createDatagramEndpoint(loop, () -> client, DatagramOptions.bind(UdpEndpointTest.any())).await();
            client.transport.sendTo(Buffers.utf8("ping"), UdpEndpointTest.local(server.transport));
            client.transport.sendTo(Buffers.utf8("hello"), UdpEndpointTest.local(server.transport));
            server.next();
            server.next();
            TransportStats stats = Network.stats(loop);
            assertThat(stats.datagramsSent()).isEqualTo(2);
            assertThat(stats.datagramsReceived()).isEqualTo(2);
            assertThat(stats.datagramBytesSent()).isEqualTo(9);
            assertThat(stats.datagramBytesReceived()).isEqualTo(9);
            assertThat(stats.connectionsOpened()).as("datagram endpoints are not connections").isZero();
            UdpEndpointTest.closeAll(server.transport, client.transport);
            return null;
        });
    }
}
