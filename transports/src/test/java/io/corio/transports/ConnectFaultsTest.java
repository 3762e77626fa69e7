package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.support.Blackhole;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import io.corio.transports.tls.TlsContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Client connects that cannot succeed, on a real loop and a real clock: a refused port named in the error, a
 * connect (or a TLS handshake) that nobody answers failing at its deadline with its socket closed, and a name that
 * does not resolve failing fast. A non-routable address such as 10.255.255.1 is not used: where a transparent proxy
 * intercepts outgoing connections (as in some sandboxes) it answers at once; a listener with a full accept queue
 * ({@link Blackhole}) never answers anywhere. The socket-closed checks count this process's file descriptors.
 */
class ConnectFaultsTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aConnectNobodyAnswersFailsAtItsDeadlineWithATimeoutNamingTheTargetAndClosesItsSocket() throws Exception {
        try (var blackhole = new Blackhole("127.0.0.1"); var loop = EventLoop.create()) {
            int port = blackhole.address().getPort();
            var options = ConnectOptions.DEFAULTS.withConnectTimeout(TIMEOUT);
            long before = openFds();
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                Future<Transport> f = Network.createConnection(loop, EchoProtocol::new, "127.0.0.1", port, options);
                assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(SocketTimeoutException.class)
                        .hasMessage("connect to 127.0.0.1:" + port + " timed out after 200 ms; tried 127.0.0.1:"
                                + port + " (no answer)");
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(tookMs).as("failed at the deadline").isBetween(190L, 2_000L);
            }
            assertThat(openFds()).as("8 timed-out connects leave no socket open").isLessThan(before + 4);
        }
    }

    @Test
    void aServerThatNeverAnswersTheTlsHandshakeFailsTheConnectAtItsDeadlineAndTheSocketIsClosed() throws Exception {
        try (var loop = EventLoop.create()) {
            var silent = new CollectingProtocol(loop);
            Server server = loop.runUntilComplete(Network.createServer(loop, () -> silent, "127.0.0.1", 0));
            var options = ConnectOptions.DEFAULTS.withConnectTimeout(TIMEOUT).withTls(TlsContext.client().build());
            Future<Transport> f = Network.createConnection(loop, EchoProtocol::new, "127.0.0.1", server.port(),
                    options);
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("connect to 127.0.0.1:" + server.port() + " timed out after 200 ms (TLS handshake "
                            + "not finished)");
            loop.runUntilComplete(silent.whenLost());
            assertThat(silent.size()).as("the ClientHello arrived").isPositive();
            server.close();
        }
    }

    @Test
    void aRefusedConnectNamesHostAndPortAndLeavesNoSocketOpen() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (var loop = EventLoop.create()) {
            long before = openFds();
            for (int i = 0; i < 20; i++) {
                Future<Transport> f = Network.createConnection(loop, EchoProtocol::new, "localhost", port);
                assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(ConnectException.class)
                        .hasMessageStartingWith("connect to localhost:" + port + " failed; tried ")
                        .hasMessageContaining(":" + port + " (Connection refused)");
            }
            assertThat(openFds()).as("20 refused connects leave no socket open").isLessThan(before + 5);
        }
    }

    @Test
    void aNameThatDoesNotResolveFailsFastWithUnknownHostNamingIt() {
        try (var loop = EventLoop.create()) {
            long start = System.nanoTime();
            Future<Transport> f = Network.createConnection(loop, EchoProtocol::new, "no-such-host.corio.invalid",
                    443, ConnectOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(20)));
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(UnknownHostException.class)
                    .hasMessageStartingWith("cannot resolve 'no-such-host.corio.invalid' (port 443)");
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("resolving a .invalid name failed in " + tookMs + " ms");
            assertThat(tookMs).as("RFC 6761: .invalid never resolves, no resolver should wait").isLessThan(5_000);
        }
    }

    @Test
    void aServerOnANameThatDoesNotResolveFailsNamingIt() {
        try (var loop = EventLoop.create()) {
            Future<Server> f = Network.createServer(loop, EchoProtocol::new, "no-such-host.corio.invalid", 0);
            assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("no-such-host.corio.invalid");
        }
    }
}
