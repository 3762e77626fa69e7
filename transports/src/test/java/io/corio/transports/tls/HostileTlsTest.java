package io.corio.transports.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TLS server on real loopback sockets against hostile peers: random bytes, a plaintext HTTP request, a record
 * header announcing more than TLS allows, and a peer that closes in the middle of a record. Each connection ends
 * with a clear cause, nothing leaks (the class's leak check), and the server keeps serving a good client.
 */
class HostileTlsTest {
    private final EventLoop loop = EventLoop.create();
    private final List<ErrorContext> reported = new CopyOnWriteArrayList<>();
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

    private int serve() {
        loop.setExceptionHandler((l, context) -> reported.add(context));
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
        }, "127.0.0.1", 0, ServerOptions.DEFAULTS.withTls(TlsFixtures.build(TlsFixtures.server()))));
        return server.port();
    }

    @Test
    void garbageAndPlaintextAreRefusedWithAClearCauseAndTheServerKeepsServing() throws Exception {
        int port = serve();
        byte[] random = new byte[4096];
        new Random(6).nextBytes(random);
        byte[] plainHttp = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] hugeRecord = {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff, 1, 2, 3};
        List<byte[]> hostile = List.of(random, plainHttp, hugeRecord);
        String echoed = offLoop(() -> {
            for (byte[] bytes : hostile) {
                try (var socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(bytes);
                    drain(socket.getInputStream());
                }
            }
            try (var tls = (SSLSocket) trustingClient().getSocketFactory().createSocket("127.0.0.1", port)) {
                tls.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                return new String(tls.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
            }
        });
        assertThat(echoed).isEqualTo("ping");
        awaitNoConnections();
        assertThat(reported).hasSize(hostile.size()).allSatisfy(c -> {
            assertThat(c.message()).startsWith("TLS handshake failed with 127.0.0.1:");
            assertThat(c.exception()).isInstanceOf(SSLException.class);
        });
        assertThat(reported).extracting(c -> c.exception().getMessage()).satisfiesExactly(
                noise -> assertThat(noise).contains("unexpected_message"),
                http -> assertThat(http).endsWith("failed: the client sent plaintext (\"GET / HTTP/1.1\"), not TLS: "
                        + "a plaintext client (http:// instead of https://?) on a TLS port"),
                huge -> assertThat(huge).contains("record_overflow"));
        assertThat(sessions).as("only the good client reached the application")
                .filteredOn(s -> s.events().contains("connectionMade")).hasSize(1);
    }

    @Test
    void aPeerClosingInTheMiddleOfARecordGivesTheApplicationAClearCause() throws Exception {
        int port = serve();
        String echoed = offLoop(() -> {
            try (var plain = new Socket("127.0.0.1", port)) {
                var tls = (SSLSocket) trustingClient().getSocketFactory().createSocket(plain, "localhost", port, false);
                tls.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(tls.getInputStream().readNBytes(4), StandardCharsets.US_ASCII);
                plain.getOutputStream().write(new byte[] {0x17, 0x03, 0x03, 0x00, 0x40, 1, 2, 3, 4, 5}); // 10 of 69
                return answer;
            }
        });
        assertThat(echoed).isEqualTo("ping");
        awaitNoConnections();
        assertThat(sessions).singleElement().satisfies(s -> assertThat(s.cause()).isInstanceOf(SSLException.class)
                .hasMessageContaining("in the middle of a TLS record (10 bytes of an incomplete record received)"));
    }

    private void awaitNoConnections() {
        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(10), () -> {
            while (server.connectionCount() > 0 || Network.stats(loop).connectionsOpen() > 0) {
                Async.sleep(Duration.ofMillis(10));
            }
            return null;
        }));
    }

    private static SSLContext trustingClient() throws Exception {
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", TlsFixtures.CA.certificate());
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Reads until the server closes (or resets) the connection. */
    private static void drain(InputStream in) {
        try {
            in.readAllBytes();
        } catch (IOException e) {
            // a reset is a close too
        }
    }

    private <T> T offLoop(Callable<T> client) {
        var result = new CompletableFuture<T>();
        Thread.ofPlatform().daemon().name("hostile-tls-client").start(() -> {
            try {
                result.complete(client.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return loop.runUntilComplete(Future.of(loop, result.orTimeout(30, TimeUnit.SECONDS)));
    }
}
