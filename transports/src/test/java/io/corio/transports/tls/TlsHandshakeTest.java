package io.corio.transports.tls;

import static io.corio.transports.tls.TlsFixtures.build;
import static io.corio.transports.tls.TlsFixtures.link;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.ErrorContext;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.Extra;
import io.corio.transports.Transport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Handshakes that succeed with the right settings and fail with a clear message otherwise (in memory). */
class TlsHandshakeTest {
    private final TestLoop loop = TestLoop.create();
    private final List<ErrorContext> reported = new ArrayList<>();

    TlsHandshakeTest() {
        loop.setExceptionHandler((l, context) -> reported.add(context));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @ParameterizedTest(name = "{0} server, {1} client")
    @CsvSource({"BCJSSE, SUNJSSE", "SUNJSSE, BCJSSE", "SUNJSSE, SUNJSSE", "BCJSSE, BCJSSE"})
    void providersInteroperateInBothRoles(TlsProvider serverProvider, TlsProvider clientProvider) {
        var link = link(loop, build(TlsFixtures.server().provider(serverProvider)), new TlsFixtures.Echo(),
                build(TlsFixtures.client().provider(clientProvider)), "localhost");
        Transport tls = link.clientTls();
        tls.write("interop");
        loop.advance(Duration.ofMillis(1));
        assertThat(link.client().text()).isEqualTo("interop");
    }

    @ParameterizedTest(name = "RSA key, {0} server, {1} client, {2}")
    @CsvSource({"BCJSSE, SUNJSSE, TLSv1.3", "BCJSSE, BCJSSE, TLSv1.3", "SUNJSSE, BCJSSE, TLSv1.3",
            "BCJSSE, SUNJSSE, TLSv1.2", "BCJSSE, BCJSSE, TLSv1.2"})
    void anRsaCertificateServesBothProvidersAndVersions(TlsProvider serverProvider, TlsProvider clientProvider,
                                                        String version) {
        var rsa = Certificates.builder("localhost").subjectAltNames("localhost")
                .keyType(Certificates.KeyType.RSA_2048).issuer(TlsFixtures.CA).build();
        var link = link(loop, build(TlsContext.server(rsa).provider(serverProvider)), new TlsFixtures.Echo(),
                build(TlsFixtures.client().provider(clientProvider).protocols(version)), "localhost");
        Transport tls = link.clientTls();
        tls.write("rsa");
        loop.advance(Duration.ofMillis(1));
        assertThat(link.client().text()).isEqualTo("rsa");
        assertThat(tls.extra(Extra.SSL_SESSION).getProtocol()).isEqualTo(version);
    }

    @Test
    void tls12OnlyClientNegotiatesTls12() {
        var link = link(loop, build(TlsFixtures.server()), new TlsFixtures.Echo(),
                build(TlsFixtures.client().protocols("TLSv1.2")), "localhost");
        assertThat(link.clientTls().extra(Extra.SSL_SESSION).getProtocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void sniPicksTheCertificateRegisteredForTheRequestedHost() {
        var server = build(TlsFixtures.server().sni("other.example", TlsFixtures.OTHER_HOST));
        var other = link(loop, server, new TlsFixtures.Echo(), build(TlsFixtures.client()), "other.example");
        var plain = link(loop, server, new TlsFixtures.Echo(), build(TlsFixtures.client()), "localhost");
        assertThat(leaf(other.clientTls()).getSubjectX500Principal().getName()).isEqualTo("CN=other.example");
        assertThat(leaf(plain.clientTls()).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void alpnPicksTheServersFirstChoiceAmongTheClientsOffers() {
        var echo = new TlsFixtures.Echo();
        var link = link(loop, build(TlsFixtures.server().alpn("h2", "http/1.1")), echo,
                build(TlsFixtures.client().alpn("http/1.1", "h2")), "localhost");
        assertThat(link.clientTls().extra(Extra.ALPN_PROTOCOL)).isEqualTo("h2");
        assertThat(echo.transport.extra(Extra.ALPN_PROTOCOL)).isEqualTo("h2");
    }

    @Test
    void clientWithoutAlpnIsAcceptedWithoutAProtocol() {
        var link = link(loop, build(TlsFixtures.server().alpn("h2")), new TlsFixtures.Echo(),
                build(TlsFixtures.client()), "localhost");
        assertThat(link.clientTls().extra(Extra.ALPN_PROTOCOL)).isNull();
    }

    @Test
    void wrongAlpnFailsWithNoApplicationProtocol() {
        var link = link(loop, build(TlsFixtures.server().alpn("h2")), new TlsFixtures.Echo(),
                build(TlsFixtures.client().alpn("spdy/3")), "localhost");
        assertThatThrownBy(link::clientTls).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("ALPN mismatch").hasMessageContaining("[spdy/3]");
        assertThat(reported).singleElement().extracting(c -> c.exception().getMessage()).asString()
                .contains("the client offered [spdy/3], this server accepts [h2]");
    }

    @Test
    void requiredClientCertificateIsVerifiedAndVisibleToTheServer() {
        var echo = new TlsFixtures.Echo();
        var link = link(loop, build(TlsFixtures.server().clientAuth(ClientAuth.REQUIRED).trust(TlsFixtures.CA_PEM)),
                echo, build(TlsFixtures.client().certificate(TlsFixtures.CLIENT)), "localhost");
        link.clientTls().write("x");
        loop.advance(Duration.ofMillis(1));
        assertThat(leaf(echo.transport).getSubjectX500Principal().getName()).isEqualTo("CN=client-1");
    }

    @Test
    void missingClientCertificateIsRefused() {
        var link = link(loop, build(TlsFixtures.server().clientAuth(ClientAuth.REQUIRED).trust(TlsFixtures.CA_PEM)),
                new TlsFixtures.Echo(), build(TlsFixtures.client()), "localhost");
        link.clientTls().write("x"); // TLS 1.3: the client learns of the refusal after its Finished
        loop.advance(Duration.ofMillis(1));
        assertThat(link.client().cause()).hasMessageContaining("client certificate");
        assertThat(reported).singleElement().extracting(ErrorContext::message).asString()
                .startsWith("TLS handshake failed with");
    }

    @Test
    void untrustedClientCertificateIsRefused() {
        var link = link(loop, build(TlsFixtures.server().clientAuth(ClientAuth.REQUIRED).trust(TlsFixtures.CA_PEM)),
                new TlsFixtures.Echo(), build(TlsFixtures.client().certificate(TlsFixtures.STRANGER)), "localhost");
        link.clientTls().write("x");
        loop.advance(Duration.ofMillis(1));
        assertThat(reported).singleElement().extracting(c -> c.exception().getMessage()).asString()
                .contains("untrusted certificate", "client certificate CN=mallory (self-signed)");
    }

    @Test
    void hostnameVerificationRefusesAnotherHostsCertificate() {
        var link = link(loop, build(TlsFixtures.server()), new TlsFixtures.Echo(), build(TlsFixtures.client()),
                "wrong.example");
        assertThatThrownBy(link::clientTls).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("hostname mismatch: expected wrong.example, certificate has [DNS:localhost");
    }

    @Test
    void hostnameVerificationCanBeTurnedOff() {
        var link = link(loop, build(TlsFixtures.server()), new TlsFixtures.Echo(),
                build(TlsFixtures.client().hostnameVerification(false)), "wrong.example");
        assertThat(link.clientTls().isClosing()).isFalse();
    }

    @Test
    void expiredCertificateIsRefused() {
        var link = link(loop, build(TlsContext.server(TlsFixtures.EXPIRED)), new TlsFixtures.Echo(),
                build(TlsFixtures.client()), "localhost");
        assertThatThrownBy(link::clientTls).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("certificate expired: the server certificate CN=localhost was valid until");
    }

    @Test
    void selfSignedCertificateIsUntrusted() {
        var link = link(loop, build(TlsContext.server(TlsFixtures.SELF_SIGNED)), new TlsFixtures.Echo(),
                build(TlsFixtures.client()), "localhost");
        assertThatThrownBy(link::clientTls).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("untrusted certificate: unable to find valid certification path from the "
                        + "server certificate CN=localhost (self-signed) to a trusted CA");
    }

    @Test
    void failedClientHandshakeNeverReachesTheApplication() {
        var link = link(loop, build(TlsContext.server(TlsFixtures.SELF_SIGNED)), new TlsFixtures.Echo(),
                build(TlsFixtures.client()), "localhost");
        assertThatThrownBy(link::clientTls).isInstanceOf(SSLHandshakeException.class);
        loop.advance(Duration.ofSeconds(1));
        assertThat(link.client().events()).isEmpty();
        assertThat(link.pair().client().isClosing()).isTrue();
    }

    private static X509Certificate leaf(Transport tls) {
        return (X509Certificate) tls.extra(Extra.PEER_CERTIFICATES).getFirst();
    }
}
