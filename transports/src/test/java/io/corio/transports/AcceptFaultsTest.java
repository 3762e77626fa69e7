package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where listening meets the operating system's limits: an accept queue overflowing while the server does not
 * accept, and socket paths that belong to somebody else. (A TCP port in use is in
 * {@link TcpServerTest#aPortInUseFailsNamingTheAddress}; running out of file descriptors in EmfileFaultsTest.)
 */
class AcceptFaultsTest {
    private static final int CLIENTS = 200;

    @Test
    void everyClientThatConnectedBehindAFullAcceptQueueIsServedOnceTheServerAcceptsAgain() {
        try (var loop = EventLoop.create()) {
            loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(40), () -> {
                Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0,
                        ServerOptions.DEFAULTS.withBacklog(1).withStartServing(false)).await();
                var options = ConnectOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(15));
                var clients = new ArrayList<CollectingProtocol>();
                var connects = new ArrayList<Future<Transport>>();
                for (int i = 0; i < CLIENTS; i++) {
                    var client = new CollectingProtocol(loop);
                    clients.add(client);
                    connects.add(Network.createConnection(loop, () -> client, "127.0.0.1", server.port(), options));
                }
                connects.getFirst().await();           // the queue takes one (or two); the kernel drops the rest
                Async.sleep(Duration.ofMillis(200));   // the server is busy a while longer
                assertThat(server.connectionCount()).isZero();
                server.startServing();

                int served = 0;
                var timedOut = new ArrayList<Integer>();
                for (int i = 0; i < CLIENTS; i++) {
                    Transport t;
                    try {
                        t = connects.get(i).await();
                    } catch (Exception e) {
                        assertThat(e).isInstanceOf(SocketTimeoutException.class);
                        timedOut.add(i);
                        continue;
                    }
                    byte[] hello = ("client " + i).getBytes(StandardCharsets.US_ASCII);
                    t.write(hello);
                    assertThat(clients.get(i).whenReceived(hello.length).await()).as("echo to client " + i)
                            .isEqualTo(hello);
                    t.close();
                    served++;
                }
                System.out.println("full accept queue: " + served + " of " + CLIENTS + " clients served, timed out: "
                        + timedOut);
                assertThat(served).as("every client connected and was served").isEqualTo(CLIENTS);
                server.close();
                server.abortClients();
                server.waitClosed().await();
                return null;
            }));
        }
    }

    @Test
    void aRegularFileOrALinkToOneAtTheSocketPathIsRefusedAndLeftUntouched(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.sock");
        Files.writeString(file, "precious");
        FileTime mtime = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(file, mtime);
        Path link = Files.createSymbolicLink(dir.resolve("link.sock"), file);
        try (var loop = EventLoop.create()) {
            for (Path path : List.of(file, link)) {
                assertThatThrownBy(() -> loop.runUntilComplete(Network.createUnixServer(loop, EchoProtocol::new,
                        path, ServerOptions.DEFAULTS))).isInstanceOf(IOException.class)
                        .hasMessage("cannot listen on " + path + ": the path exists and is not a socket (refusing "
                                + "to replace it)");
                assertThatThrownBy(() -> loop.runUntilComplete(Network.createUnixConnection(loop,
                        EchoProtocol::new, path, ConnectOptions.DEFAULTS))).isInstanceOf(IOException.class)
                        .hasMessageContaining(path.toString());
            }
        }
        assertThat(Files.readString(file)).isEqualTo("precious");
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(file);
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
