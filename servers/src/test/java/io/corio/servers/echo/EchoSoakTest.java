package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Buffers;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;
import io.corio.transports.tls.TlsProvider;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent clients send random-sized messages, each cut into random writes, to the echo over TCP, Unix
 * and TLS, and check every byte that comes back against what they sent (the content of byte {@code i} of a
 * connection is a function of its seed and {@code i}, so the check is exact and needs no copy). Each run is bounded
 * in time and in bytes and stops by itself.
 *
 * <p>The default run takes about {@value #DEFAULT_SECONDS} s per transport. The long run is {@code -Psoak} (see
 * servers/pom.xml and docs/reliability.md): {@code corio.soak.seconds}, {@code corio.soak.bytes} and
 * {@code corio.soak.connections} set its length, its byte budget per transport and its clients.
 */
class EchoSoakTest {
    private static final int DEFAULT_SECONDS = 2;
    private static final Duration LENGTH = Duration.ofSeconds(Long.getLong("corio.soak.seconds", DEFAULT_SECONDS));
    private static final long BYTES = Long.getLong("corio.soak.bytes", 512L << 20);
    private static final int CONNECTIONS = Integer.getInteger("corio.soak.connections", 16);
    private static final int LARGEST_MESSAGE = 256 * 1024;

    private final EventLoop loop = EventLoop.create();

    @TempDir
    Path dir;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** What one client sent and got back; the first byte that differed, or -1. */
    record Outcome(long sent, long received, long firstMismatch, Throwable lost) {
    }

    /** Byte {@code i} of the stream of the connection with {@code seed}: a hash, so streams differ everywhere. */
    static byte content(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L;
        z ^= z >>> 29;
        z *= 0x94D049BB133111EBL;
        return (byte) (z >>> 32);
    }

    /** Sends until its deadline or budget, then waits for its whole echo and closes. Loop thread only. */
    static final class SoakClient implements Protocol {
        private final long seed;
        private final SplittableRandom random;
        private final long deadline;
        private final long budget;
        private final Future<Outcome> done;
        private Transport transport;
        private boolean paused;
        private boolean pumping;
        private long sent;
        private long received;
        private long firstMismatch = -1;
        private final byte[] scratch = new byte[LARGEST_MESSAGE];

        SoakClient(EventLoop loop, long seed, long deadline, long budget) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.deadline = deadline;
            this.budget = budget;
            this.done = loop.createFuture();
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            pump();
        }

        /** Every client sends at least one message, however late it connected. */
        private boolean sending() {
            return sent == 0 || sent < budget && transport.loop().time() < deadline;
        }

        /**
         * Writes whole messages, each in random pieces, until the transport pauses or sending is over. A TLS
         * transport may call {@code resumeWriting} from inside {@code write}; the inner call returns at once and
         * this loop goes on, so no stream position is written twice.
         */
        private void pump() {
            if (pumping) {
                return;
            }
            pumping = true;
            try {
                while (!paused && sending() && !transport.isClosing()) {
                    int message = 1 + random.nextInt(1 << random.nextInt(1, 19)) % LARGEST_MESSAGE;
                    int pieces = 1 + random.nextInt(Math.min(message, 8));
                    for (int left = message; left > 0; pieces--) {
                        int piece = pieces == 1 ? left : 1 + random.nextInt(left - pieces + 1);
                        for (int i = 0; i < piece; i++) {
                            scratch[i] = content(seed, sent + i);
                        }
                        ByteBuf buf = Buffers.allocator().directBuffer(piece).writeBytes(scratch, 0, piece);
                        sent += piece;
                        left -= piece;
                        transport.write(buf);
                    }
                }
            } finally {
                pumping = false;
            }
            closeIfAnswered();
        }

        private void closeIfAnswered() {
            if (!sending() && received == sent && !transport.isClosing()) {
                transport.close();
            }
        }

        @Override
        public void dataReceived(ByteBuf data) {
            int n = data.readableBytes();
            for (int at = 0; at < n && firstMismatch < 0; at += scratch.length) {
                int len = Math.min(scratch.length, n - at);
                data.getBytes(data.readerIndex() + at, scratch, 0, len); // one call: the leak detector records each
                for (int i = 0; i < len; i++) {
                    if (scratch[i] != content(seed, received + at + i)) {
                        firstMismatch = received + at + i;
                        break;
                    }
                }
            }
            received += n;
            if (firstMismatch >= 0 || received > sent) {
                transport.abort();
                return;
            }
            if (!paused) {
                pump();   // the deadline may have passed while nothing else woke this client
            }
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            pump();
        }

        @Override
        public void connectionLost(Throwable cause) {
            done.setResult(new Outcome(sent, received, firstMismatch, cause));
        }
    }

    /** Runs {@link #CONNECTIONS} clients against {@code server} and checks that each got back exactly what it sent. */
    private void soak(String name, Server server, Function<Supplier<Protocol>, Future<Transport>> open) {
        soak(name, CONNECTIONS, server, open);
    }

    private void soak(String name, int connections, Server server,
                      Function<Supplier<Protocol>, Future<Transport>> open) {
        long start = System.nanoTime();
        long deadline = loop.time() + LENGTH.toNanos();
        var outcomes = new ArrayList<Future<Outcome>>();
        for (int c = 0; c < connections; c++) {
            var client = new SoakClient(loop, 0x5EEDL * 31 + c, deadline, BYTES / connections);
            outcomes.add(client.done);
            open.apply(() -> client).addDoneCallback(f -> {  // all connect at once
                if (f.exception() != null) {
                    client.done.setResult(new Outcome(0, 0, -1, f.exception()));
                }
            });
        }
        long sent = 0;
        for (Future<Outcome> f : outcomes) {
            Outcome o = loop.runUntilComplete(f);
            assertThat(o.firstMismatch()).as(name + ": first byte that differs").isEqualTo(-1);
            assertThat(o.lost()).as(name + ": connection lost with").isNull();
            assertThat(o.received()).as(name + ": bytes back").isEqualTo(o.sent()).isPositive();
            sent += o.sent();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("echo soak %s: %d connections, %.1f MiB each way byte-exact in %.1f s (%.0f MiB/s)%n",
                name, connections, sent / 1048576.0, seconds, sent / 1048576.0 / seconds);
        server.close();
    }

    @Test
    void tcpEchoSoakEndsByteExact() {
        EchoService service = EchoService.create(loop);
        Server server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0));
        soak("tcp", server, p -> Network.createConnection(loop, p, "127.0.0.1", server.port()));
        loop.runUntilComplete(service.drain());
    }

    @Test
    void unixEchoSoakEndsByteExact() {
        EchoService service = EchoService.create(loop);
        Path path = dir.resolve("soak.sock");
        Server server = loop.runUntilComplete(Network.createUnixServer(loop, service.protocolFactory(), path,
                ServerOptions.DEFAULTS));
        soak("unix", server, p -> Network.createUnixConnection(loop, p, path, ConnectOptions.DEFAULTS));
        loop.runUntilComplete(service.drain());
    }

    @Test
    void tlsEchoSoakEndsByteExact() throws Exception {
        tlsSoak("tls", CONNECTIONS, ServerOptions.DEFAULT_READ_BUFFER_SIZE);
    }

    /**
     * 256 KiB reads leave many whole records behind a pause: the TLS reader once lost the wake-up for them when
     * the app resumed in the flush that followed the read, and every connection stalled a few records short.
     */
    @Test
    void tlsEchoSoakWithLargeReadsEndsByteExact() throws Exception {
        tlsSoak("tls, 256 KiB reads", Math.max(64, CONNECTIONS), 256 * 1024);   // 64: it stalled at once
    }

    private void tlsSoak(String name, int connections, int readSize) throws Exception {
        EchoService service = EchoService.create(loop);
        var provider = TlsProvider.valueOf(System.getProperty("corio.soak.tlsProvider", "BCJSSE"));
        Server server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withReadBufferSize(readSize)
                        .withTls(TlsContext.server(OffLoop.LOCALHOST).provider(provider).build())));
        ConnectOptions tls = ConnectOptions.DEFAULTS.withServerHostname("localhost").withReadBufferSize(readSize)
                .withTls(TlsContext.client().trust(OffLoop.CERT).provider(provider).build());
        soak(name, connections, server, p -> Network.createConnection(loop, p, "127.0.0.1", server.port(), tls));
        loop.runUntilComplete(service.drain());
    }
}
