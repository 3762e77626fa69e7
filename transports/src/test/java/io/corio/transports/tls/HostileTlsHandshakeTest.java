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
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris against the TLS handshake: 200 connections each send one byte of a ClientHello per second. The
 * handshake timeout (2 s here; {@code tls.handshakeTimeout} in a listener's configuration, 60 s by default) drops
 * every one, while a good client keeps completing handshakes and getting its echo.
 */
class HostileTlsHandshakeTest {
    private static final int SLOW_CLIENTS = 200;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    private final EventLoop loop = EventLoop.create();
    private final List<ErrorContext> reported = new CopyOnWriteArrayList<>();
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

    @Test
    void slowHandshakesAreDroppedAtTheHandshakeTimeoutWhileAGoodClientIsServed() {
        loop.setExceptionHandler((l, context) -> reported.add(context));
        var tls = TlsFixtures.build(TlsFixtures.server().handshakeTimeout(HANDSHAKE_TIMEOUT));
        server = loop.runUntilComplete(Network.createServer(loop, Echo::new, "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withTls(tls)));
        int port = server.port();

        var result = new CompletableFuture<List<List<Long>>>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                var stop = new AtomicBoolean();
                var good = CompletableFuture.supplyAsync(() -> goodClient(port, stop),
                        r -> Thread.ofPlatform().daemon().start(r));
                List<Long> lifetimes = slowClients(port);
                stop.set(true);
                result.complete(List.of(lifetimes, good.join()));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        var outcome = loop.runUntilComplete(Future.of(loop, result.orTimeout(60, TimeUnit.SECONDS)));

        assertThat(outcome.get(0)).hasSize(SLOW_CLIENTS).allSatisfy(millis -> assertThat(millis)
                .isBetween(HANDSHAKE_TIMEOUT.toMillis() - 100, HANDSHAKE_TIMEOUT.toMillis() + 3000));
        assertThat(outcome.get(1)).hasSizeGreaterThan(5).doesNotContain(-1L)
                .allSatisfy(millis -> assertThat(millis).isLessThan(2000));
        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(10), () -> {
            while (server.connectionCount() > 0) {
                Async.sleep(Duration.ofMillis(10));
            }
            return null;
        }));
        assertThat(reported).hasSize(SLOW_CLIENTS).allSatisfy(c -> assertThat(c.exception())
                .hasMessageContaining("the handshake did not complete within 2000 ms"));
    }

    /** Completes a handshake and an echo every 50 ms until stopped; the milliseconds each took, -1 on failure. */
    private static List<Long> goodClient(int port, AtomicBoolean stop) {
        var latencies = new ArrayList<Long>();
        try {
            SSLContext context = trustingClient();
            while (!stop.get()) {
                long start = System.nanoTime();
                try (var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
                    socket.setSoTimeout(5000);
                    socket.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                    boolean echoed = new String(socket.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)
                            .equals("ping");
                    latencies.add(echoed ? (System.nanoTime() - start) / 1_000_000 : -1L);
                }
                Thread.sleep(50); // pacing, not synchronisation
            }
        } catch (Exception e) {
            latencies.add(-1L);
        }
        return latencies;
    }

    /** Opens the slow connections, drips a ClientHello a byte a second; per connection closed, ms from byte 1. */
    private static List<Long> slowClients(int port) throws IOException {
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, 0, 0, 0, 0, 0, 0};
        var lifetimes = new ArrayList<Long>();
        try (Selector selector = Selector.open()) {
            var channels = new ArrayList<SocketChannel>();
            var sent = new int[SLOW_CLIENTS];
            var started = new long[SLOW_CLIENTS];
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, i);
                started[i] = System.nanoTime();
                ch.write(ByteBuffer.wrap(hello, 0, 1));
                sent[i] = 1;
                channels.add(ch);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long nextTick = System.nanoTime() + 1_000_000_000L;
            var buffer = ByteBuffer.allocate(4096);
            while (lifetimes.size() < SLOW_CLIENTS && System.nanoTime() < deadline) {
                selector.select(Math.max(1, (nextTick - System.nanoTime()) / 1_000_000));
                for (var key : selector.selectedKeys()) {
                    int i = (Integer) key.attachment();
                    buffer.clear();
                    if (readOrReset((SocketChannel) key.channel(), buffer) < 0) {
                        lifetimes.add((System.nanoTime() - started[i]) / 1_000_000);
                        key.cancel();
                        key.channel().close();
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextTick) {
                    nextTick += 1_000_000_000L;
                    for (int i = 0; i < SLOW_CLIENTS; i++) {
                        drip(channels.get(i), hello, sent, i);
                    }
                }
            }
            for (var ch : channels) {
                ch.close();
            }
        }
        return lifetimes;
    }

    private static void drip(SocketChannel ch, byte[] hello, int[] sent, int i) {
        if (ch.isOpen() && sent[i] < hello.length) {
            try {
                ch.write(ByteBuffer.wrap(hello, sent[i]++, 1));
            } catch (IOException e) {
                sent[i] = hello.length; // closed by the server; the read side counts it
            }
        }
    }

    /** Reads what is there; -1 at end of stream or on a reset (the server closed with an alert). */
    private static int readOrReset(SocketChannel channel, ByteBuffer buffer) {
        try {
            return channel.read(buffer);
        } catch (IOException e) {
            return -1;
        }
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

    /** Writes back what it receives. */
    private static final class Echo extends RecordingProtocol {
        @Override
        public void dataReceived(ByteBuf data) {
            transport().write(data.retainedDuplicate());
            super.dataReceived(data);
        }
    }
}
