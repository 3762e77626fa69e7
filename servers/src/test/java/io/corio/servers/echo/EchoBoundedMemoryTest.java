package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.servers.MeteredProtocol;
import io.corio.servers.NonReadingClient;
import io.corio.servers.config.ProtocolOptions;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that send and never read their echo, over real TCP, while the test measures what the server holds for
 * that connection: the transport's write buffer ({@code writeBufferSize()}, exact) and the growth of the pooled
 * allocator's direct memory (exact to one 4 MiB chunk), sampled every 2 ms on the loop. The server must stop
 * reading near the high-water mark, hold a bounded amount, and keep answering another client meanwhile.
 */
class EchoBoundedMemoryTest {
    private static final int HIGH = ServerOptions.DEFAULT_WRITE_HIGH;
    private static final int READ = ServerOptions.DEFAULT_READ_BUFFER_SIZE;
    private static final long GIB = 1L << 30;
    /** Chunks of the pool the test lets the server take, far below what one retained read per byte would take. */
    private static final long POOL_GROWTH_BOUND = 16L << 20;
    /** Single bytes dripped: before the fix they pinned up to 20,000 x 64 KiB = 1.2 GiB. */
    private static final int DRIPS = 20_000;

    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** An echo server whose first connection is metered (the hostile one); later ones are plain echo. */
    private Server server(EchoService service, AtomicReference<MeteredProtocol> meter) {
        return loop.runUntilComplete(Network.createServer(loop, () -> {
            if (meter.get() == null) {
                meter.set(new MeteredProtocol(service.newProtocol()));
                return meter.get();
            }
            return service.newProtocol();
        }, "127.0.0.1", 0));
    }

    /**
     * Writes {@code block} over and over without reading (see {@link NonReadingClient}), then checks that a second
     * client still gets its echo while this one is stuck.
     *
     * @return the bytes this client managed to send
     */
    private static long sendWithoutReading(int port, ByteBuffer block, long limit) throws Exception {
        try (NonReadingClient hostile = NonReadingClient.connect(port)) {
            long sent = hostile.sendUntilStalled(block, limit);
            assertThat(echoOnce(port, "still serving\n")).isEqualTo("still serving\n");
            return sent;
        }
    }

    private static void awaitReceived(AtomicReference<MeteredProtocol> meter, long sent) {
        while (meter.get() == null || meter.get().received() < sent) {
            Thread.onSpinWait();
        }
    }

    private static String echoOnce(int port, String text) throws IOException {
        try (SocketChannel other = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            other.write(ByteBuffer.wrap(bytes));
            var answer = ByteBuffer.allocate(bytes.length);
            while (answer.hasRemaining() && other.read(answer) >= 0) {
                Thread.onSpinWait();
            }
            return new String(answer.array(), 0, answer.position(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void aClientSendingOneGibibyteWithoutReadingIsHeldToTheHighMarkPlusOneRead(boolean streams) {
        EchoService service = EchoService.create(loop, new ProtocolOptions.Echo(streams));
        var meter = new AtomicReference<MeteredProtocol>();
        Server server = server(service, meter);
        var block = ByteBuffer.allocateDirect(READ);

        long sent = OffLoop.run(loop, () -> sendWithoutReading(server.port(), block, GIB));

        System.out.printf("echo (streams=%s), a client sending 1 GiB without reading: it got %d bytes out, %s%n",
                streams, sent, meter.get());
        assertThat(sent).as("the server stopped reading long before 1 GiB").isLessThan(GIB / 8);
        assertThat(meter.get().maxBuffered()).isGreaterThan(HIGH).isLessThanOrEqualTo(HIGH + READ);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
        server.close();
        loop.runUntilComplete(service.drain());
    }

    /**
     * The hazard of retaining read buffers: each small read held a whole 64 KiB pooled buffer while the write
     * buffer counted only its bytes, so a client dripping single bytes once the kernel buffers are full could pin
     * 64 KiB per byte (4 GiB at the high mark). The write queue now copies such buffers, so the pool grows by
     * about the buffered bytes.
     */
    @Test
    void aClientDrippingSingleBytesWithoutReadingPinsNoReadBufferPerByte() {
        EchoService service = EchoService.create(loop);
        var meter = new AtomicReference<MeteredProtocol>();
        Server server = server(service, meter);

        long dripped = OffLoop.run(loop, () -> {
            try (SocketChannel hostile = SocketChannel.open()) {
                hostile.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                hostile.setOption(StandardSocketOptions.TCP_NODELAY, true);
                hostile.connect(new InetSocketAddress("127.0.0.1", server.port()));
                var kilobyte = ByteBuffer.allocateDirect(1024);
                long sent = 0;
                while (meter.get() == null || meter.get().maxBuffered() == 0) { // until the server must queue
                    sent += hostile.write(kilobyte.rewind());
                    awaitReceived(meter, sent);
                }
                var oneByte = ByteBuffer.allocateDirect(1).put((byte) 'x');
                int n = 0;
                for (; n < DRIPS && meter.get().maxBuffered() <= HIGH; n++) {
                    sent += hostile.write(oneByte.rewind());
                    awaitReceived(meter, sent); // each byte is read on its own
                }
                assertThat(echoOnce(server.port(), "still serving\n")).isEqualTo("still serving\n");
                return n;
            }
        });

        System.out.printf("echo, a client dripping %d single bytes without reading: %s%n", dripped, meter.get());
        assertThat(dripped).isPositive();
        assertThat(meter.get().maxBuffered()).isLessThanOrEqualTo(HIGH + READ);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
        server.close();
        loop.runUntilComplete(service.drain());
    }

    /**
     * A TLS client that sends 64 MiB and reads its echo in fits (reading paused half the time), so the echo's
     * reading is paused and resumed thousands of times with a part of a record left over. The TLS reader's stash
     * used to keep every byte ever appended (it never dropped the bytes already unwrapped): the long soak ran the
     * JVM out of direct memory with 20 MiB stashes. Now the pool grows by far less than the bytes sent.
     */
    @Test
    void aTlsEchoPausedAndResumedThousandsOfTimesKeepsItsStashBounded() throws Exception {
        EchoService service = EchoService.create(loop);
        var meter = new AtomicReference<MeteredProtocol>();
        Server server = loop.runUntilComplete(Network.createServer(loop, () -> {
            meter.compareAndSet(null, new MeteredProtocol(service.newProtocol()));
            return meter.get();
        }, "127.0.0.1", 0, io.corio.transports.ServerOptions.DEFAULTS.withTls(OffLoop.serverTls())));
        var client = new FitfulReader(64L << 20);
        loop.runUntilComplete(Network.createConnection(loop, () -> client, "127.0.0.1", server.port(),
                io.corio.transports.ConnectOptions.DEFAULTS.withServerHostname("localhost")
                        .withTls(OffLoop.clientTls())));

        long received = loop.runUntilComplete(client.done);

        System.out.printf("tls echo, 64 MiB read in fits: %s%n", meter.get());
        assertThat(received).isEqualTo(64L << 20);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
        server.close();
        loop.runUntilComplete(service.drain());
    }

    /** Sends {@code total} bytes in 16 KiB writes while not paused; reads for 1 ms, then pauses reading for 1 ms. */
    final class FitfulReader implements io.corio.transports.Protocol {
        final io.corio.loop.Future<Long> done = loop.createFuture();
        private final long total;
        private io.corio.transports.Transport transport;
        private boolean paused;
        private long sent;
        private long received;

        FitfulReader(long total) {
            this.total = total;
        }

        @Override
        public void connectionMade(io.corio.transports.Transport t) {
            transport = t;
            toggle();
            resumeWriting();
        }

        private void toggle() {
            if (transport.isClosing()) {
                return;
            }
            if (transport.isReading()) {
                transport.pauseReading();
            } else {
                transport.resumeReading();
            }
            loop.callLater(java.time.Duration.ofMillis(1), this::toggle);
        }

        @Override
        public void dataReceived(io.netty.buffer.ByteBuf data) {
            received += data.readableBytes();
            if (received == total) {
                transport.close();
            }
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            while (!paused && sent < total) {
                int n = (int) Math.min(16 * 1024, total - sent);
                sent += n;
                transport.write(io.corio.transports.Buffers.allocator().directBuffer(n).writeZero(n));
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            done.setResult(received);
        }
    }
}
