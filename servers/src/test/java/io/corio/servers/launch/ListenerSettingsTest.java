package io.corio.servers.launch;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.launch.internal.UserProtocolService;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.TlsConfig;
import io.corio.transports.tls.ClientAuth;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.time.Duration;
import java.util.List;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void clientCaAndRequiredClientAuthAdmitOnlyClientsWithACertificateFromThatCa(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path caFile = dir.resolve("ca.pem");
        Certificates.selfSigned("localhost").writePem(cert, key);
        var ca = Certificates.builder("Test CA").authority().build();
        ca.writePem(caFile, dir.resolve("ca-key.pem"));
        var clientCert = Certificates.builder("client").issuer(ca).build();
        var tls = new TlsConfig(cert, key, caFile, ClientAuth.REQUIRED, List.of(), TlsConfig.DEFAULT_PROTOCOLS, "bc",
                Duration.ofSeconds(10));
        var plain = Listeners.tls("mtls", "lines", cert, key);
        var listener = new ListenerConfig(plain.name(), plain.protocol(), plain.transport(), plain.host(), 0, null, 1,
                511, plain.limits(), plain.timeouts(), tls, plain.options());
        var registry = ServiceRegistry.empty().stream("lines", (loop, l) -> new SlowLineService(loop, 0));

        try (var launcher = Launcher.start(CorioConfig.of(listener), registry, line -> { })) {
            int port = launcher.listeners().getFirst().port();
            try (var withCert = new LineClient(TrustingClient.connect(cert, clientCert, port))) {
                assertThat(withCert.read()).isEqualTo("hello 0");
            }
            assertThatThrownBy(() -> {
                try (var anonymous = new LineClient(TrustingClient.connect(cert, port))) {
                    anonymous.read();
                }
            }).isInstanceOf(SSLException.class);
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
