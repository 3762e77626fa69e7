package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP servers: addresses, port sharing, closing and the clients they keep. */
class TcpServerTest {
    private EventLoop loop;

    @BeforeEach
    void createLoop() {
        loop = EventLoop.create();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), body));
    }

    private Transport connect(int port, CollectingProtocol client) {
        return Network.createConnection(loop, () -> client, "127.0.0.1", port).await();
    }

    @Test
    void localhostServerListensOnEveryAddressTheNameResolvesToOnOnePort() throws Exception {
        var expected = Arrays.stream(InetAddress.getAllByName("localhost")).distinct().toList();
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, "localhost", 0).await();
            assertThat(server.addresses()).extracting(a -> ((InetSocketAddress) a).getAddress())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(server.addresses()).extracting(a -> ((InetSocketAddress) a).getPort())
                    .containsOnly(server.port());
            server.close();
            return null;
        });
        if (expected.size() < 2) {
            System.out.println("localhost resolves to " + expected + " only here: the dual-address case was not "
                    + "exercised (add '::1 localhost' to /etc/hosts to exercise it)");
        }
    }

    @Test
    void wildcardServerAcceptsIpv4AndIpv6() {
        Assumptions.assumeTrue(TcpIpv6TransportTest.ipv6LoopbackWorks(), "::1 unavailable: IPv6 part skipped");
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, null, 0).await();
            assertThat(server.addresses()).hasSize(1);
            for (String host : new String[] {"127.0.0.1", "::1"}) {
                var client = new CollectingProtocol(loop);
                Network.createConnection(loop, () -> client, host, server.port()).await().write("hi");
                assertThat(client.whenReceived(2).await()).isEqualTo("hi".getBytes());
                client.transport().close();
            }
            server.close();
            server.abortClients();
            server.waitClosed().await();
            return null;
        });
    }

    @Test
    void reusePortLetsTwoServersShareAPort() {
        run(() -> {
            var options = ServerOptions.DEFAULTS.withReusePort(true);
            Server first = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0, options).await();
            Server second = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", first.port(), options)
                    .await();
            assertThat(second.port()).isEqualTo(first.port());
            first.close();
            second.close();
            return null;
        });
    }

    @Test
    void aPortInUseFailsNamingTheAddress() {
        run(() -> {
            Server first = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
            Future<Server> second = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", first.port());
            assertThatThrownBy(second::await).isInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port());
            first.close();
            return null;
        });
    }

    @Test
    void waitClosedCompletesOnlyOnceCloseWasCalledAndEveryClientIsLost() {
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
            var client = new CollectingProtocol(loop);
            connect(server.port(), client).write("x");
            client.whenReceived(1).await();
            assertThat(server.connectionCount()).isEqualTo(1);
            Future<Void> closed = server.waitClosed();
            server.close();
            assertThat(server.isServing()).isFalse();
            Async.sleep(Duration.ofMillis(20));
            assertThat(closed.isDone()).as("a client is still connected").isFalse();
            server.closeClients();
            closed.await();
            client.whenLost().await();
            assertThat(server.connectionCount()).isZero();
            assertThat(server.toString()).contains("closed");
            return null;
        });
    }

    @Test
    void abortClientsLosesEveryAcceptedConnection() {
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
            var a = new CollectingProtocol(loop);
            var b = new CollectingProtocol(loop);
            connect(server.port(), a).write("a");
            connect(server.port(), b).write("b");
            a.whenReceived(1).await();
            b.whenReceived(1).await();
            server.abortClients();
            a.whenLost().await();
            b.whenLost().await();
            assertThat(server.connectionCount()).isZero();
            assertThat(server.isServing()).isTrue();
            server.close();
            return null;
        });
    }

    @Test
    void cancellingServeForeverClosesTheServer() {
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0,
                    ServerOptions.DEFAULTS.withStartServing(false)).await();
            assertThat(server.isServing()).isFalse();
            Future<Void> forever = server.serveForever();
            assertThat(server.isServing()).isTrue();
            forever.cancel();
            server.waitClosed().await();
            assertThat(server.isServing()).isFalse();
            return null;
        });
    }

    @Test
    void acceptedConnectionsHaveNoDelayAndShowTheirState() {
        run(() -> {
            var accepted = loop.<Transport>createFuture();
            Server server = Network.createServer(loop, () -> new EchoProtocol() {
                @Override
                public void connectionMade(Transport transport) {
                    super.connectionMade(transport);
                    accepted.setResult(transport);
                }
            }, "127.0.0.1", 0).await();
            var client = new CollectingProtocol(loop);
            connect(server.port(), client);
            Transport t = accepted.await();
            var channel = (java.nio.channels.SocketChannel) t.extra(Extra.CHANNEL);
            assertThat(channel.getOption(java.net.StandardSocketOptions.TCP_NODELAY)).isTrue();
            SocketAddress peer = t.extra(Extra.PEER_ADDRESS);
            assertThat(t.toString()).startsWith("TcpTransport[").contains("remote=" + peer, "state=OPEN");
            client.transport().close();
            server.close();
            server.waitClosed().await();
            return null;
        });
    }
}
