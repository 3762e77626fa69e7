package io.corio.transports.tls;

import static io.corio.transports.tls.TlsFixtures.build;
import static io.corio.transports.tls.TlsFixtures.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.testing.TestLoop;
import io.corio.transports.Extra;
import io.corio.transports.Transport;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TLS layer over in-memory transports: real handshakes, no sockets, virtual time. */
class TlsLayerTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void echoRoundTripsThroughTheHandshake() {
        var echo = new TlsFixtures.Echo();
        var link = link(loop, build(TlsFixtures.server()), echo, build(TlsFixtures.client()), "localhost");
        Transport tls = link.clientTls();
        tls.write("hello over tls");
        loop.advance(Duration.ofMillis(1));
        assertThat(link.client().text()).isEqualTo("hello over tls");
        assertThat(tls.extra(Extra.SSL_SESSION).getProtocol()).isEqualTo("TLSv1.3");
        assertThat(tls.toString()).contains("state=WRAPPED", "TLSv1.3");
    }

    @Test
    void largeTransferArrivesByteExactAcrossSplitReads() {
        var echo = new TlsFixtures.Echo();
        var link = link(loop, build(TlsFixtures.server()), echo, build(TlsFixtures.client()), "localhost");
        link.pair().client().setChunkSize(1000); // records cut across reads on the way to the server
        Transport tls = link.clientTls();
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        tls.write(data);
        loop.advance(Duration.ofMillis(10));
        assertThat(link.client().bytes()).isEqualTo(data);
    }

    @Test
    void closeSendsCloseNotifyAndLosesTheConnectionCleanlyWithoutWaitingForThePeer() {
        var echo = new TlsFixtures.Echo();
        var link = link(loop, build(TlsFixtures.server()), echo, build(TlsFixtures.client()), "localhost");
        Transport tls = link.clientTls();
        tls.write("bye");
        tls.close();
        loop.advance(Duration.ofMillis(10));
        assertThat(link.client().events()).containsExactly("connectionMade", "lost");
        assertThat(echo.events).hasSize(2).first().isEqualTo("connectionMade"); // its answer may meet a closed peer
    }
}
