package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;
import io.corio.transports.support.EchoProtocol;
import io.corio.transports.support.CollectingProtocol;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** User code cannot take a TCP transport's channel with addReader/addWriter: a clear error, not an overwrite. */
class TransportChannelWatchTest {

    @Test
    void addReaderOnATcpTransportsChannelFailsAndTheTransportKeepsWorking() {
        try (var loop = EventLoop.create()) {
            var client = new CollectingProtocol(loop);
            String echoed = loop.runUntilComplete(() -> {
                Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
                int port = ((InetSocketAddress) server.addresses().getFirst()).getPort();
                Transport t = Network.createConnection(loop, () -> client, "127.0.0.1", port).await();
                var channel = (SelectableChannel) t.extra(Extra.CHANNEL);
                assertThatThrownBy(() -> loop.addReader(channel, () -> { }))
                        .isInstanceOf(InvalidStateException.class)
                        .hasMessageContaining("TcpTransport");
                t.write("still mine");
                byte[] back = client.whenReceived(10).await();
                t.close();
                server.close();
                return new String(back);
            });
            assertThat(echoed).isEqualTo("still mine");
        }
    }
}
