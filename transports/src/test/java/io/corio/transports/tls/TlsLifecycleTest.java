package io.corio.transports.tls;

import static io.corio.transports.tls.TlsFixtures.build;
import static io.corio.transports.tls.TlsFixtures.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.ErrorContext;
import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.corio.transports.Transport;
import io.corio.transports.internal.tls.TlsLayers;
import io.corio.transports.testing.MemoryTransport;
import io.corio.transports.testing.RecordingProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad peers, timeouts, upgrades and reloads, in memory and on virtual time. */
class TlsLifecycleTest {
    private final TestLoop loop = TestLoop.create();
    private final List<ErrorContext> reported = new ArrayList<>();

    TlsLifecycleTest() {
        loop.setExceptionHandler((l, context) -> reported.add(context));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void garbageToTheServerIsReportedWithThePeerAndClosesTheConnection() {
        var echo = new TlsFixtures.Echo();
        var raw = MemoryTransport.open(loop, TlsLayers.server(build(TlsFixtures.server()), echo));
        raw.peer().transport().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        loop.advance(Duration.ofSeconds(1));
        assertThat(raw.peer().isLost()).isTrue();
        assertThat(echo.events).isEmpty();
        assertThat(reported).singleElement().satisfies(c -> {
            assertThat(c.message()).isEqualTo("TLS handshake failed with memory:client");
            assertThat(c.exception()).isInstanceOf(SSLException.class);
        });
    }

    @Test
    void silentPeerHitsTheHandshakeTimeout() {
        var server = build(TlsFixtures.server().handshakeTimeout(Duration.ofSeconds(5)));
        var raw = MemoryTransport.open(loop, TlsLayers.server(server, new TlsFixtures.Echo()));
        loop.advance(Duration.ofMillis(4_900));
        assertThat(raw.isClosing()).isFalse();
        loop.advance(Duration.ofMillis(200));
        assertThat(raw.isClosing()).isTrue();
        assertThat(reported).singleElement().extracting(c -> c.exception().getMessage()).asString()
                .endsWith("the handshake did not complete within 5000 ms");
    }

    @Test
    void clientHandshakeTimeoutFailsTheReadyFuture() {
        var client = build(TlsFixtures.client().handshakeTimeout(Duration.ofSeconds(2)));
        Future<Transport> ready = loop.createFuture();
        MemoryTransport.pair(loop, new RecordingProtocol(), TlsLayers.client(client, new RecordingProtocol(),
                "localhost", ready));
        loop.advance(Duration.ofSeconds(3));
        assertThat(ready.exception()).hasMessageContaining("did not complete within 2000 ms");
    }

    @Test
    void peerClosingInTheMiddleOfARecordGivesAClearCause() {
        var app = new RecordingProtocol();
        var link = link(loop, build(TlsFixtures.server()), app, build(TlsFixtures.client()), "localhost");
        link.clientTls();
        loop.advance(Duration.ofMillis(1));
        link.pair().client().write(new byte[]{0x17, 0x03, 0x03, 0x00, 0x40, 1, 2, 3, 4, 5}); // 10 of 69 bytes
        link.pair().client().close();
        loop.advance(Duration.ofSeconds(1));
        assertThat(app.cause()).isInstanceOf(SSLException.class)
                .hasMessageContaining("in the middle of a TLS record (10 bytes of an incomplete record received)");
    }

    @Test
    void startTlsUpgradesALivePlaintextConnection() {
        var serverApp = new TlsFixtures.Echo();
        var clientApp = new RecordingProtocol();
        var pair = MemoryTransport.pair(loop, serverApp, clientApp);
        pair.client().write("plain ");
        loop.advance(Duration.ofMillis(1));
        Future<Transport> serverTls = Network.startTls(pair.server(), build(TlsFixtures.server()), null);
        Future<Transport> clientTls = Network.startTls(pair.client(), build(TlsFixtures.client()), "localhost");
        Transport tls = loop.runUntilComplete(clientTls);
        serverApp.transport = loop.runUntilComplete(serverTls); // as in asyncio, the new transport replaces the old
        tls.write("secret");
        loop.advance(Duration.ofMillis(1));
        assertThat(clientApp.text()).isEqualTo("plain secret");
        assertThat(clientApp.events()).containsOnlyOnce("connectionMade");
        assertThat(serverTls.result().extra(Extra.SSL_SESSION)).isNotNull();
        assertThat(tls.protocol()).isSameAs(clientApp);
    }

    @Test
    void tlsRunsInsideTls() {
        var echo = new TlsFixtures.Echo();
        var link = link(loop, build(TlsFixtures.server()), echo, build(TlsFixtures.client()), "localhost");
        Transport outer = link.clientTls();
        loop.advance(Duration.ofMillis(1));
        var innerServerContext = build(TlsContext.server(TlsFixtures.OTHER_HOST));
        Future<Transport> innerServer = Network.startTls(echo.transport, innerServerContext, null);
        Future<Transport> inner = Network.startTls(outer, build(TlsFixtures.client()), "other.example");
        Transport tls = loop.runUntilComplete(inner);
        echo.transport = loop.runUntilComplete(innerServer);
        tls.write("nested");
        loop.advance(Duration.ofMillis(1));
        assertThat(link.client().text()).isEqualTo("nested");
        assertThat(peerName(tls)).isEqualTo("CN=other.example");
        assertThat(peerName(outer)).isEqualTo("CN=localhost");
    }

    @Test
    void reloadGivesNewConnectionsTheNewCertificateAndKeepsOpenOnes(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TlsFixtures.LOCALHOST.writePem(cert, key);
        var server = TlsContext.server(cert, key).build();
        var before = link(loop, server, new TlsFixtures.Echo(), build(TlsFixtures.client()), "localhost");
        Transport old = before.clientTls();
        var renewed = Certificates.builder("localhost").subjectAltNames("localhost").issuer(TlsFixtures.CA).build();
        renewed.writePem(cert, key);
        server.reload();
        var after = link(loop, server, new TlsFixtures.Echo(), build(TlsFixtures.client()), "localhost");
        assertThat(serial(after.clientTls())).isEqualTo(renewed.certificate().getSerialNumber());
        assertThat(serial(old)).isEqualTo(TlsFixtures.LOCALHOST.certificate().getSerialNumber());
        old.write("still up");
        loop.advance(Duration.ofMillis(1));
        assertThat(before.client().text()).isEqualTo("still up");
        assertThat(Files.size(cert)).isPositive();
    }

    @Test
    void writesAfterCloseAreDroppedAndReleased() {
        var link = link(loop, build(TlsFixtures.server()), new TlsFixtures.Echo(), build(TlsFixtures.client()),
                "localhost");
        Transport tls = link.clientTls();
        tls.close();
        tls.write("too late");
        loop.advance(Duration.ofSeconds(1));
        assertThat(link.client().events()).containsExactly("connectionMade", "lost");
        assertThat(tls.isClosing()).isTrue();
    }

    @Test
    void pausedReadingHoldsDecryptedDataUntilResumed() {
        var link = link(loop, build(TlsFixtures.server()), new TlsFixtures.Echo(), build(TlsFixtures.client()),
                "localhost");
        Transport tls = link.clientTls();
        tls.pauseReading();
        tls.write("held");
        loop.advance(Duration.ofMillis(10));
        assertThat(link.client().text()).isEmpty();
        tls.resumeReading();
        loop.advance(Duration.ofMillis(10));
        assertThat(link.client().text()).isEqualTo("held");
    }

    @Test
    void closeAbortsWhenTheFlushOutlastsTheShutdownTimeout() {
        var client = build(TlsFixtures.client().shutdownTimeout(Duration.ofSeconds(3)));
        var link = link(loop, build(TlsFixtures.server()), new TlsFixtures.Echo(), client, "localhost");
        Transport tls = link.clientTls();
        link.pair().server().pauseReading(); // the server stops reading: the close cannot flush
        tls.close();
        loop.advance(Duration.ofSeconds(2));
        assertThat(link.client().isLost()).isFalse();
        loop.advance(Duration.ofSeconds(2));
        assertThat(link.client().lostCalls()).isEqualTo(1);
    }

    private static java.math.BigInteger serial(Transport tls) {
        return ((X509Certificate) tls.extra(Extra.PEER_CERTIFICATES).getFirst()).getSerialNumber();
    }

    private static String peerName(Transport tls) {
        return ((X509Certificate) tls.extra(Extra.PEER_CERTIFICATES).getFirst()).getSubjectX500Principal().getName();
    }
}
