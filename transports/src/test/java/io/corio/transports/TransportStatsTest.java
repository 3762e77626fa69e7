package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import io.corio.transports.support.TestFiles;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Network#stats}: per-loop counters of stream connections and bytes, over real TCP and Unix sockets. */
class TransportStatsTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(LIMIT, body));
    }

    @Test
    void aLoopWithoutTransportsCountsNothing() {
        assertThat(Network.stats(loop)).isEqualTo(new TransportStats(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void anEchoCountsBothEndsOpenedAndEveryByteReadAndWritten() {
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
            var client = new CollectingProtocol(loop);
            Transport t = Network.createConnection(loop, () -> client, "127.0.0.1", server.port()).await();
            t.write("ping!");
            client.whenReceived(5).await();
            TransportStats stats = Network.stats(loop);
            assertThat(stats.connectionsOpened()).isEqualTo(2);
            assertThat(stats.connectionsOpen()).isEqualTo(2);
            assertThat(stats.bytesRead()).as("5 by the server, 5 by the client").isEqualTo(10);
            assertThat(stats.bytesWritten()).isEqualTo(10);
            t.close();
            client.whenLost().await();
            server.close();
            server.waitClosed().await();
            assertThat(Network.stats(loop).connectionsOpen()).isZero();
            assertThat(Network.stats(loop).connectionsOpened()).isEqualTo(2);
            return null;
        });
    }

    @Test
    void filesSentWithSendfileCountAsBytesWritten() throws Exception {
        try (var file = TestFiles.random(300_000)) {
            run(() -> {
                var accepted = new CollectingProtocol(loop);
                Server server = Network.createUnixServer(loop, () -> accepted, UnixTransportTest.freshPath(),
                        ServerOptions.DEFAULTS).await();
                var client = new CollectingProtocol(loop);
                Network.createUnixConnection(loop, () -> client,
                        java.nio.file.Path.of(server.addresses().getFirst().toString()), ConnectOptions.DEFAULTS)
                        .await();
                accepted.whenMade().await().sendFile(file.channel(), 0, file.size()).await();
                client.whenReceived(file.size()).await();
                assertThat(Network.stats(loop).bytesWritten()).isEqualTo(file.size());
                assertThat(Network.stats(loop).bytesRead()).isEqualTo(file.size());
                server.close();
                server.abortClients();
                client.whenLost().await();
                server.waitClosed().await();
                return null;
            });
        }
    }

    @Test
    void anyThreadMayReadTheCountersOfARunningLoop() throws Exception {
        var seen = new AtomicReference<TransportStats>();
        run(() -> {
            Server server = Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0).await();
            var client = new CollectingProtocol(loop);
            Network.createConnection(loop, () -> client, "127.0.0.1", server.port()).await();
            loop.runInExecutor(null, () -> {
                seen.set(Network.stats(loop));
                return null;
            }).await();
            server.close();
            server.abortClients();
            client.whenLost().await();
            server.waitClosed().await();
            return null;
        });
        assertThat(seen.get().connectionsOpened()).isEqualTo(2);
        try (EventLoop other = EventLoop.create()) {
            assertThat(Network.stats(other).connectionsOpened()).as("another loop").isZero();
        }
    }
}
