package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.support.Blackhole;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** TCP client connections: errors that name the target, the deadline, local binding, names. */
class TcpConnectorTest {
    @Test
    void aRefusedConnectionNamesTheAddressTried() throws Exception {
        int port;
        try (var probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (var loop = EventLoop.create()) {
            Future<Transport> f = Network.createConnection(loop, EchoProtocol::new, "127.0.0.1", port);
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("refused");
        }
    }

    @Test
    void theConnectTimeoutCoversTheWholeConnectAndNamesTheTarget() throws Exception {
        try (var blackhole = new Blackhole("127.0.0.1"); var loop = TestLoop.create()) {
            int port = blackhole.address().getPort();
            Future<Transport> f = Network.createConnection(loop, EchoProtocol::new, "127.0.0.1", port,
                    ConnectOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(5)));
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("5000 ms");
            assertThat(loop.time()).isEqualTo(Duration.ofSeconds(5).toNanos());
        }
    }

    @Test
    void theLocalAddressIsBoundBeforeConnecting() throws Exception {
        int localPort;
        try (var probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            localPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        try (var loop = EventLoop.create()) {
            loop.runUntilComplete(() -> {
                var seen = loop.<Transport>createFuture();
                Server server = Network.createServer(loop, () -> new EchoProtocol() {
                    @Override
                    public void connectionMade(Transport transport) {
                        super.connectionMade(transport);
                        seen.setResult(transport);
                    }
                }, "127.0.0.1", 0).await();
                var local = new InetSocketAddress("127.0.0.1", localPort);
                Transport t = Network.createConnection(loop, () -> new CollectingProtocol(loop), "127.0.0.1",
                        server.port(), ConnectOptions.DEFAULTS.withLocalAddress(local)).await();
                assertThat(t.extra(Extra.LOCAL_ADDRESS)).isEqualTo(local);
                assertThat(seen.await().extra(Extra.PEER_ADDRESS)).isEqualTo(local);
                t.close();
                server.close();
                server.abortClients();
                return null;
            });
        }
    }

    @Test
    void inDebugModeAWriteFromAnotherThreadThrowsAndReleasesTheBuffer() {
        try (var loop = EventLoop.create()) {
            loop.setDebug(true);
            loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), () -> {
                Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
                Transport t = Network.createConnection(loop, () -> new CollectingProtocol(loop), "127.0.0.1",
                        server.port()).await();
                var buf = Buffers.utf8("wrong thread");
                Throwable thrown = Async.toThread(() -> {
                    try {
                        t.write(buf);
                        return null;
                    } catch (WrongThreadException e) {
                        return e;
                    }
                });
                assertThat(thrown).isInstanceOf(WrongThreadException.class);
                assertThat(buf.refCnt()).isZero();
                t.close();
                server.close();
                server.abortClients();
                return null;
            }));
        }
    }

    @Test
    void aHostNameIsResolvedOffTheLoopAndConnected() {
        try (var loop = EventLoop.create()) {
            loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), () -> {
                Server server = Network.createServer(loop, EchoProtocol::new, "localhost", 0).await();
                var client = new CollectingProtocol(loop);
                Network.createConnection(loop, () -> client, "localhost", server.port()).await().write("name");
                assertThat(client.whenReceived(4).await()).isEqualTo("name".getBytes());
                client.transport().close();
                server.close();
                server.abortClients();
                return null;
            }));
        }
    }
}
