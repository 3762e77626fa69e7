package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.EventLoop;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Unix socket files: stale ones removed, others kept, limits said clearly, credentials of the peer. */
class UnixServerTest {
    private EventLoop loop;
    private Path path;

    @BeforeEach
    void setUp() throws IOException {
        loop = EventLoop.create();
        path = UnixTransportTest.freshPath();
    }

    @AfterEach
    void tearDown() throws IOException {
        loop.close();
        Files.deleteIfExists(path);
    }

    private Server listen() {
        return loop.runUntilComplete(Network.createUnixServer(loop, EchoProtocol::new, path, ServerOptions.DEFAULTS));
    }

    @Test
    void aStaleSocketFileIsRemovedBeforeBinding() throws IOException {
        try (var dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();
        Server server = listen();
        assertThat(server.addresses()).containsExactly(UnixDomainSocketAddress.of(path));
        server.close();
    }

    @Test
    void aRegularFileIsRefusedAndKept() throws IOException {
        Files.writeString(path, "precious");
        assertThatThrownBy(this::listen).isInstanceOf(IOException.class)
                .hasMessageContaining(path.toString()).hasMessageContaining("not a socket");
        assertThat(Files.readString(path)).isEqualTo("precious");
    }

    @Test
    void aLiveServersSocketIsRefusedAndKept() {
        Server first = listen();
        assertThatThrownBy(this::listen).isInstanceOf(IOException.class).hasMessageContaining("in use");
        assertThat(path).exists();
        first.close();
    }

    @Test
    void theSocketFileIsRemovedOnClose() {
        Server server = listen();
        assertThat(path).exists();
        server.close();
        assertThat(path).doesNotExist();
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void aPathTooLongNamesTheLimit() {
        path = Path.of("/tmp", "x".repeat(120));
        assertThatThrownBy(this::listen).isInstanceOf(IOException.class).hasMessageContaining("107-byte limit")
                .hasMessageContaining("125 bytes");
    }

    @Test
    void anAbstractNameIsRefusedSayingTheJdkHasNone() {
        path = Path.of("@corio-abstract");
        assertThatThrownBy(this::listen).isInstanceOf(IOException.class)
                .hasMessageContaining("abstract").hasMessageContaining("JDK");
        assertThatThrownBy(() -> loop.runUntilComplete(Network.createUnixConnection(loop, EchoProtocol::new, path,
                ConnectOptions.DEFAULTS))).isInstanceOf(IOException.class).hasMessageContaining("abstract");
    }

    @Test
    void connectingToAMissingSocketNamesThePath() {
        assertThatThrownBy(() -> loop.runUntilComplete(Network.createUnixConnection(loop, EchoProtocol::new, path,
                ConnectOptions.DEFAULTS))).isInstanceOf(IOException.class).hasMessageContaining(path.toString());
    }

    @Test
    void peerCredentialsNameThisProcesssUser() {
        loop.runUntilComplete(() -> {
            var accepted = loop.<Transport>createFuture();
            Server server = Network.createUnixServer(loop, () -> new EchoProtocol() {
                @Override
                public void connectionMade(Transport transport) {
                    super.connectionMade(transport);
                    accepted.setResult(transport);
                }
            }, path, ServerOptions.DEFAULTS).await();
            var client = new CollectingProtocol(loop);
            Network.createUnixConnection(loop, () -> client, path, ConnectOptions.DEFAULTS).await();
            UnixDomainPrincipal peer = accepted.await().extra(Extra.PEER_CREDENTIALS);
            assertThat(peer).isNotNull();
            assertThat(peer.user().getName()).isEqualTo(System.getProperty("user.name"));
            assertThat(accepted.await().toString()).startsWith("UnixTransport[");
            client.transport().close();
            server.close();
            server.abortClients();
            server.waitClosed().await();
            return null;
        });
    }
}
