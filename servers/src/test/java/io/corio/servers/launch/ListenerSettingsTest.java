package io.corio.servers.launch;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.launch.internal.UserProtocolService;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the launcher sets on the connections from a listener's configuration. */
class ListenerSettingsTest {

    /** A service whose connections report their transport's water marks, then close. */
    private static ServiceRegistry reporting(CompletableFuture<String> marks) {
        return ServiceRegistry.empty().stream("marks", (loop, listener) -> new UserProtocolService(loop,
                () -> new Protocol() {
                    @Override
                    public void connectionMade(Transport transport) {
                        marks.complete(transport.writeBufferHigh() + "/" + transport.writeBufferLow());
                        transport.close();
                    }
                }));
    }

    @Test
    void writeWaterMarksOfTheLimitsReachEveryConnection() throws Exception {
        var marks = new CompletableFuture<String>();
        var listener = Listeners.withWriteBuffer(Listeners.tcp("marks", "marks", 0, 1), 4096, 1024);

        try (var launcher = Launcher.start(CorioConfig.of(listener), reporting(marks), line -> { });
             var client = LineClient.connect(launcher.listeners().getFirst().port())) {
            assertThat(marks.get(10, TimeUnit.SECONDS)).isEqualTo("4096/1024");
            assertThat(client.read()).isNull();
        }
    }

    @Test
    void tlsHttpListenerOffersAlpnHttp11WhenTheBlockNamesNone(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Certificates.selfSigned("localhost").writePem(cert, key);
        var registry = ServiceRegistry.empty().stream("http", (loop, listener) -> new SlowLineService(loop, 0));

        try (var launcher = Launcher.start(CorioConfig.of(Listeners.tls("web", "http", cert, key)), registry,
                line -> { })) {
            int port = launcher.listeners().getFirst().port();
            try (var socket = (SSLSocket) TrustingClient.connect(cert, port, "h2", "http/1.1")) {
                assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            }
        }
    }

    @Test
    void protocolConstructorThatThrowsLosesOnlyThatConnection() throws Exception {
        var registry = ServiceRegistry.empty();
        var first = new java.util.concurrent.atomic.AtomicBoolean(true);
        registry = registry.stream("flaky", (loop, listener) -> new UserProtocolService(loop, () -> {
            if (first.getAndSet(false)) {
                throw new IllegalStateException("first connection refused by the test");
            }
            return new GreetingProtocol(java.util.Map.of());
        }));

        try (var launcher = Launcher.start(CorioConfig.of(Listeners.tcp("flaky", "flaky", 0, 1)), registry,
                line -> { })) {
            int port = launcher.listeners().getFirst().port();
            try (var refused = LineClient.connect(port)) {
                assertThat(refused.read()).isNull();
            }
            try (var served = LineClient.connect(port)) {
                assertThat(served.read()).isEqualTo("hello");
            }
        }
    }
}
