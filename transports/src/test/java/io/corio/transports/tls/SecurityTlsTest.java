package io.corio.transports.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Security defaults of a Corio TLS server on both JSSE providers, checked with real clients over loopback: TLS
 * 1.1 and older are refused, and a TLS 1.2 client asking to renegotiate is never renegotiated.
 */
class SecurityTlsTest {
    private static final long LIMIT_SECONDS = 30;
    private final EventLoop loop = EventLoop.create();
    private final List<RecordingProtocol> sessions = new ArrayList<>();
    private Server server;

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
            server.abortClients();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    private int serve(TlsProvider provider) {
        loop.setExceptionHandler((l, context) -> { }); // the refused handshakes are reported; not this test's topic
        server = loop.runUntilComplete(Network.createServer(loop, () -> {
            var echo = new RecordingProtocol() {
                @Override
                public void dataReceived(ByteBuf data) {
                    transport().write(data.retainedDuplicate());
                    super.dataReceived(data);
                }
            };
            sessions.add(echo);
            return echo;
        }, "127.0.0.1", 0, ServerOptions.DEFAULTS.withTls(TlsFixtures.build(TlsFixtures.server().provider(provider)))));
        return server.port();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientOfferingOnlyTls11IsRefused(TlsProvider provider) throws Exception {
        int port = serve(provider);
        String out = openssl(List.of("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"), port,
                new Step(HANDSHAKE_DONE, "ping\n"));
        Assumptions.assumeFalse(out.contains("no protocols available"), "the local OpenSSL cannot offer TLS 1.1");
        assertThat(out).contains("alert protocol version", "Cipher is (NONE)").doesNotContain("Server certificate");
        assertThat(sessions).allSatisfy(s -> assertThat(s.events()).doesNotContain("connectionMade"));
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aTls12ClientAskingToRenegotiateIsNeverRenegotiated(TlsProvider provider) throws Exception {
        int port = serve(provider);
        String out = openssl(List.of("-tls1_2"), port, new Step(HANDSHAKE_DONE, "ping\n"), new Step("ping", "R\n"),
                new Step("RENEGOTIATING", "again\n"), new Step("again", "")); // "again" echoed only if renegotiated
        String afterRequest = out.substring(out.indexOf("RENEGOTIATING"));
        assertThat(afterRequest).as("no second handshake").doesNotContain("verify return:1").doesNotContain("again");
        awaitNoConnections();
        assertThat(sessions).singleElement().satisfies(s -> {
            assertThat(s.text()).isEqualTo("ping\n");
            assertThat(s.cause()).isInstanceOf(SSLException.class)
                    .hasMessageContaining("asked to renegotiate the TLSv1.2 session; Corio refuses renegotiation");
        });
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aTls13KeyUpdateIsNotMistakenForRenegotiation(TlsProvider provider) throws Exception {
        int port = serve(provider);
        String out = openssl(List.of("-tls1_3"), port, new Step(HANDSHAKE_DONE, "ping\n"), new Step("ping", "k\n"),
                new Step("KEYUPDATE", "again\n"), new Step("again", ""));
        assertThat(out).contains("KEYUPDATE");
        assertThat(sessions).singleElement().satisfies(s -> {
            assertThat(s.text()).isEqualTo("ping\nagain\n");
            assertThat(s.cause()).isNull();
        });
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientChecksTheServerHostnameByDefault(TlsProvider provider) {
        server = loop.runUntilComplete(Network.createServer(loop, RecordingProtocol::new, "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withTls(TlsFixtures.build(TlsContext.server(TlsFixtures.OTHER_HOST)))));
        var client = TlsFixtures.build(TlsFixtures.client().provider(provider)); // trusts the CA that issued it
        assertThat(client.hostnameVerification()).isTrue();
        var connected = Network.createConnection(loop, RecordingProtocol::new, "127.0.0.1", server.port(),
                ConnectOptions.DEFAULTS.withServerHostname("localhost").withTls(client));
        assertThatThrownBy(() -> loop.runUntilComplete(connected)).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("hostname mismatch: expected localhost, certificate has [DNS:other.example]");
    }

    private void awaitNoConnections() {
        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(10), () -> {
            while (server.connectionCount() > 0) {
                Async.sleep(Duration.ofMillis(10));
            }
            return null;
        }));
    }

    /** One turn of a dialogue with s_client: wait until its output shows {@code await}, then type {@code send}. */
    private record Step(String await, String send) {
    }

    private static final String HANDSHAKE_DONE = "Verify return code";

    /** Runs {@code openssl s_client} with {@code options} through {@code steps}, then closes its input; its output. */
    private String openssl(List<String> options, int port, Step... steps) throws Exception {
        requireTool("openssl");
        var command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-CAfile", TlsFixtures.CA_PEM.toString()));
        command.addAll(options);
        var result = new CompletableFuture<String>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                var out = new StringBuffer();
                Thread reader = Thread.ofPlatform().daemon().start(() -> copy(p, out));
                try (OutputStream in = p.getOutputStream()) {
                    for (Step step : steps) {
                        if (!awaitOutput(p, out, step.await())) {
                            break; // s_client ended
                        }
                        in.write(step.send().getBytes(StandardCharsets.US_ASCII));
                        in.flush();
                    }
                } catch (IOException e) {
                    // s_client exited already
                }
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                reader.join(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS));
                result.complete(out.toString());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return loop.runUntilComplete(Future.of(loop, result.orTimeout(LIMIT_SECONDS + 10, TimeUnit.SECONDS)));
    }

    /** Polls s_client's output until it contains {@code text}; false if s_client exits first or 10 s pass. */
    private static boolean awaitOutput(Process p, StringBuffer out, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out.indexOf(text) < 0) {
            if (!p.isAlive() || System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static void copy(Process p, StringBuffer out) {
        try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.append(buffer, 0, n);
            }
        } catch (IOException e) {
            out.append("<").append(e).append(">");
        }
    }

    private static void requireTool(String tool) {
        boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(d -> new File(d, tool).canExecute());
        if (!found) {
            System.out.println("SKIPPED: " + tool + " is not installed");
        }
        Assumptions.assumeTrue(found, tool + " is not installed");
    }
}
