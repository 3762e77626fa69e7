package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.UnixOperatingSystemMXBean;
import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.HostileClients;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.transports.Server;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: 1,000 real TCP connections each send one byte of a request head per second. The header timeout (2 s
 * here) closes every one of them with a 408, while a normal client keeps getting quick answers on new connections.
 */
class HostileSlowlorisTest {
    private static final int SLOW_CLIENTS = 1000;
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final long P99_BOUND_MILLIS = 1000;

    private final EventLoop loop = EventLoop.create();
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
    void slowHeaderClientsAreClosedAtTheHeaderTimeoutWhileNormalClientsAreAnswered() throws Exception {
        long maxFiles = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        if (maxFiles < 3 * SLOW_CLIENTS) {
            System.out.println("SKIPPED: slowloris needs " + 3 * SLOW_CLIENTS + " file descriptors, ulimit -n is "
                    + maxFiles);
        }
        Assumptions.assumeTrue(maxFiles >= 3 * SLOW_CLIENTS, "ulimit -n is " + maxFiles);
        var timeouts = new ListenerTimeouts(HEADER_TIMEOUT, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ZERO);
        server = loop.runUntilComplete(HttpServer.start(loop, HttpServer.helloWorld(), "127.0.0.1", 0,
                HttpServerOptions.DEFAULTS.withTimeouts(timeouts)));
        int port = server.port();

        var result = HostileClients.run(loop, () -> {
            var stop = new AtomicBoolean();
            var normal = CompletableFuture.supplyAsync(() -> normalClient(port, stop),
                    r -> Thread.ofPlatform().daemon().name("normal-client").start(r));
            List<Long> slowLifetimes = slowClients(port);
            stop.set(true);
            return new Object[] {slowLifetimes, normal.join()};
        });
        @SuppressWarnings("unchecked") List<Long> lifetimes = (List<Long>) result[0];
        @SuppressWarnings("unchecked") List<Long> latencies = (List<Long>) result[1];

        assertThat(lifetimes).hasSize(SLOW_CLIENTS).allSatisfy(millis -> assertThat(millis)
                .isBetween(HEADER_TIMEOUT.toMillis() - 100, HEADER_TIMEOUT.toMillis() + 3000));
        assertThat(latencies).hasSizeGreaterThan(20).doesNotContain(-1L);
        long p99 = latencies.stream().sorted().toList().get((int) (latencies.size() * 0.99) - 1);
        System.out.printf("slowloris: %d slow connections closed after %d..%d ms; %d normal requests, p99 %d ms%n",
                lifetimes.size(), lifetimes.stream().mapToLong(l -> l).min().orElse(0),
                lifetimes.stream().mapToLong(l -> l).max().orElse(0), latencies.size(), p99);
        assertThat(p99).isLessThan(P99_BOUND_MILLIS);
        assertThat(connectionsLeftAfter(Duration.ofSeconds(5))).isZero();
    }

    /** Requests {@code GET /} on a new connection every 20 ms until stopped; the latency of each, -1 if not 200. */
    private static List<Long> normalClient(int port, AtomicBoolean stop) {
        byte[] request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        var latencies = new ArrayList<Long>();
        try {
            while (!stop.get()) {
                long start = System.nanoTime();
                String answer = HostileClients.exchange(port, request);
                latencies.add(answer.startsWith("HTTP/1.1 200 ") ? (System.nanoTime() - start) / 1_000_000 : -1L);
                Thread.sleep(20); // pacing, not synchronisation
            }
        } catch (IOException | InterruptedException e) {
            latencies.add(-1L);
        }
        return latencies;
    }

    /**
     * Opens the slow connections from one selector thread, sends each one byte a second, and reads until the server
     * closes it. Returns, per connection that got a 408 and then end of stream, the milliseconds from its first byte.
     */
    private static List<Long> slowClients(int port) throws IOException {
        byte[] head = "GET / HTTP/1.1\r\nHost: slowloris.example\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        var lifetimes = new ArrayList<Long>();
        try (Selector selector = Selector.open()) {
            var slow = new ArrayList<Slow>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                var s = new Slow(ch, System.nanoTime());
                ch.register(selector, SelectionKey.OP_READ, s);
                ch.write(ByteBuffer.wrap(head, 0, 1));
                slow.add(s);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long nextTick = System.nanoTime() + 1_000_000_000L;
            var buffer = ByteBuffer.allocate(4096);
            int open = SLOW_CLIENTS;
            while (open > 0 && System.nanoTime() < deadline) {
                selector.select(Math.max(1, (nextTick - System.nanoTime()) / 1_000_000));
                for (var key : selector.selectedKeys()) {
                    var s = (Slow) key.attachment();
                    buffer.clear();
                    int n = readOrReset(s.channel, buffer);
                    if (n > 0) {
                        s.answer.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                    } else if (n < 0) {
                        if (s.answer.toString().startsWith("HTTP/1.1 408 ")) {
                            lifetimes.add((System.nanoTime() - s.firstByte) / 1_000_000);
                        }
                        key.cancel();
                        s.channel.close();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() >= nextTick) {
                    nextTick += 1_000_000_000L;
                    for (var s : slow) {
                        s.drip(head);
                    }
                }
            }
            for (var s : slow) {
                s.channel.close();
            }
        }
        return lifetimes;
    }

    private static int readOrReset(SocketChannel channel, ByteBuffer buffer) {
        try {
            return channel.read(buffer);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Runs the loop until the server has no connection left or {@code limit} passes; the count then. */
    private int connectionsLeftAfter(Duration limit) {
        return loop.runUntilComplete(() -> {
            long end = loop.time() + limit.toNanos();
            while (server.connectionCount() > 0 && loop.time() < end) {
                Async.sleep(Duration.ofMillis(20));
            }
            return server.connectionCount();
        });
    }

    /** One slow connection: its channel, when its first byte went out, and what the server answered. */
    private static final class Slow {
        final SocketChannel channel;
        final long firstByte;
        final StringBuilder answer = new StringBuilder();
        int sent = 1;

        Slow(SocketChannel channel, long firstByte) {
            this.channel = channel;
            this.firstByte = firstByte;
        }

        void drip(byte[] head) {
            if (channel.isOpen() && sent < head.length) {
                try {
                    channel.write(ByteBuffer.wrap(head, sent++, 1));
                } catch (IOException e) {
                    sent = head.length; // the server has closed; the read side will see it
                }
            }
        }
    }
}
