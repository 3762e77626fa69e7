package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.HostileClients;
import io.corio.servers.MeteredProtocol;
import io.corio.servers.NonReadingClient;
import io.corio.servers.Service;
import io.corio.transports.Buffers;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that asks for 1 GiB over real TCP and never reads: from a handler that streams it, and from a sparse
 * 1 GiB file. The server must hold at most the high-water mark plus one chunk for that connection (measured with
 * {@link MeteredProtocol}), stop producing, keep answering other clients, and end the handler when the client goes.
 */
class HttpBoundedMemoryTest {
    private static final long GIB = 1L << 30;
    private static final int HIGH = ServerOptions.DEFAULT_WRITE_HIGH;
    private static final int CHUNK = 64 * 1024;
    private static final long POOL_GROWTH_BOUND = 16L << 20;
    private static final long STALL_MILLIS = 400;
    private static final int ANSWER = 16 * 1024;
    private static final int PIPELINE = HttpServerOptions.DEFAULTS.limits().pipeline();

    private final EventLoop loop = EventLoop.create();
    private final AtomicLong produced = new AtomicLong();
    private final CompletableFuture<Throwable> producerEnded = new CompletableFuture<>();
    private final AtomicReference<MeteredProtocol> meter = new AtomicReference<>();
    private Server server;

    @TempDir
    Path root;

    @AfterEach
    void closeLoop() {
        if (server != null) {
            server.close();
        }
        loop.close();
    }

    /** {@code GET /gib} streams 1 GiB in 64 KiB writes; files under the temporary root; {@code GET /} is hello. */
    private int serve() throws Exception {
        HttpHandler gib = request -> HttpResponse.stream(200, "application/octet-stream", GIB, out -> {
            try {
                for (long n = 0; n < GIB; n += CHUNK) {
                    out.write(Buffers.allocator().directBuffer(CHUNK).writeZero(CHUNK));
                    produced.addAndGet(CHUNK);
                }
                producerEnded.complete(null);
            } catch (Throwable e) {
                producerEnded.complete(e);
                throw e;
            }
        });
        return serve(Router.create().get("/gib", gib).get("/", HttpServer.helloWorld())
                .get("/16k", request -> HttpResponse.bytes(200, "application/octet-stream", new byte[ANSWER]))
                .notFound(StaticFiles.serve(root)));
    }

    private int serve(HttpHandler handler) {
        Service service = HttpServer.service(loop, handler, HttpServerOptions.DEFAULTS);
        server = loop.runUntilComplete(Network.createServer(loop, () -> {
            var first = new MeteredProtocol(service.protocolFactory().get());
            return meter.compareAndSet(null, first) ? first : service.protocolFactory().get();
        }, "127.0.0.1", 0));
        return server.port();
    }

    /** Sends {@code GET path} and reads nothing; once the server stops sending, checks that it answers another client. */
    private long requestWithoutReading(int port, String path) throws Exception {
        try (SocketChannel hostile = SocketChannel.open()) {
            hostile.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            hostile.connect(new InetSocketAddress("127.0.0.1", port));
            hostile.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            long last = -1;
            long now = written();
            while (now != last) {
                Thread.sleep(STALL_MILLIS);
                last = now;
                now = written();
            }
            assertThat(get(port, "/")).startsWith("HTTP/1.1 200 OK").endsWith("Hello, World!");
            return now;
        }
    }

    /** Bytes the server's loop handed to its sockets (read off the loop: may lag a little, which the wait allows). */
    private long written() {
        return Network.stats(loop).bytesWritten();
    }

    private static String get(int port, String path) throws Exception {
        try (SocketChannel other = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            other.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            var out = new java.io.ByteArrayOutputStream();
            var buf = ByteBuffer.allocate(4096);
            while (other.read(buf.clear()) >= 0) {
                out.write(buf.array(), 0, buf.position());
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aClientThatNeverReadsAStreamedGibibyteHoldsTheServerToTheHighMarkPlusOneChunk() throws Exception {
        int port = serve();

        long written = HostileClients.run(loop, () -> requestWithoutReading(port, "/gib"));
        System.out.printf("http, GET of a streamed 1 GiB never read: %d bytes sent, %d produced, %s%n", written,
                produced.get(), meter.get());

        assertThat(written).as("bytes the server sent before it stalled").isLessThan(GIB / 8);
        assertThat(produced.get()).isLessThan(GIB / 8);
        assertThat(meter.get().maxBuffered()).isGreaterThan(HIGH).isLessThanOrEqualTo(HIGH + CHUNK);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
        Throwable end = loop.runUntilComplete(Future.of(loop, producerEnded.orTimeout(10, TimeUnit.SECONDS)));
        assertThat(end).as("the handler's write fails once the client has gone").isNotNull();
    }

    @Test
    void aClientThatNeverReadsASparseGibibyteFileHoldsNoFileBytesInMemory() throws Exception {
        try (var file = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            file.setLength(GIB);
        }
        int port = serve();

        long written = HostileClients.run(loop, () -> requestWithoutReading(port, "/big.bin"));
        System.out.printf("http, GET of a sparse 1 GiB file never read: %d bytes sent, %s%n", written, meter.get());

        assertThat(written).as("bytes the server sent before it stalled").isLessThan(GIB / 8);
        assertThat(meter.get().maxBuffered()).as("only the head is ever buffered").isLessThan(1024);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
    }

    @Test
    void aClientPipeliningRequestsWithoutReadingIsHeldToTheHighMarkPlusThePipelinesAnswers() throws Exception {
        int port = serve();
        byte[] request = "GET /16k HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        var block = ByteBuffer.allocate(request.length * 1000);
        for (int i = 0; i < 1000; i++) {
            block.put(request);
        }

        long sent = HostileClients.run(loop, () -> {
            try (NonReadingClient hostile = NonReadingClient.connect(port)) {
                long n = hostile.sendUntilStalled(block.flip(), GIB);
                assertThat(get(port, "/")).startsWith("HTTP/1.1 200 OK").endsWith("Hello, World!");
                return n;
            }
        });

        System.out.printf("http, pipelining without reading: %d bytes sent, %d read by the server, %s%n", sent,
                meter.get().received(), meter.get());
        assertThat(sent).as("the server stopped reading long before 1 GiB").isLessThan(GIB / 8);
        // Requests already read wait while the write side is paused: at most the queued ones are answered past the
        // mark (before the fix every request of the last 64 KiB read was, 2,000 answers of 16 KiB).
        assertThat(meter.get().received()).as("read ahead of the answers").isLessThan(sent / 4);
        assertThat(meter.get().maxBuffered()).isGreaterThan(HIGH).isLessThanOrEqualTo(HIGH + (PIPELINE + 2) * ANSWER);
        // 17 answers of 16 KiB in flight take pool chunks of their own (4 MiB each): 80 MiB before the fix
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(2 * POOL_GROWTH_BOUND);
    }

    @Test
    void aPipeliningClientThatReadsOnlyAfterSendingEverythingGetsEveryAnswer() throws Exception {
        int port = serve();
        int requests = 20_000;
        byte[] all = "GET / HTTP/1.1\r\nHost: h\r\n\r\n".repeat(requests).getBytes(StandardCharsets.US_ASCII);

        int answers = HostileClients.run(loop, () -> {
            try (var client = new java.net.Socket("127.0.0.1", port)) {
                client.setSoTimeout(5000);
                // Writes everything first (on another thread: the server stops reading until we read).
                Thread writer = Thread.ofPlatform().daemon().start(() -> {
                    try {
                        client.getOutputStream().write(all);
                    } catch (java.io.IOException ignored) {
                        // the count of answers tells
                    }
                });
                Thread.sleep(NonReadingClient.STALL.toMillis()); // the writer is stuck by now: nothing was read
                int count = countAnswers(client.getInputStream(), requests);
                writer.join(5000);
                return count;
            }
        });

        assertThat(answers).isEqualTo(requests);
    }

    @Test
    void aClientPipeliningToADirectHandlerWithoutReadingIsHeldToTheHighMarkPlusOneAnswer() throws Exception {
        int port = serve(HttpHandler.direct(request -> HttpResponse.bytes(200, "application/octet-stream",
                new byte[ANSWER])));
        byte[] request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        var block = ByteBuffer.allocate(request.length * 1000);
        for (int i = 0; i < 1000; i++) {
            block.put(request);
        }

        long sent = HostileClients.run(loop, () -> {
            try (NonReadingClient hostile = NonReadingClient.connect(port)) {
                return hostile.sendUntilStalled(block.flip(), GIB);
            }
        });

        System.out.printf("http, pipelining to a direct handler without reading: %d bytes sent, %s%n", sent,
                meter.get());
        assertThat(sent).as("the server stopped reading long before 1 GiB").isLessThan(GIB / 8);
        // the answer that crossed the mark, with its head (< 1 KiB): answers gathered for one write count what the
        // transport still holds (before, HIGH of gathered answers could land on up to HIGH already buffered)
        assertThat(meter.get().maxBuffered()).isGreaterThan(HIGH).isLessThanOrEqualTo(HIGH + ANSWER + 1024);
    }

    /** Counts {@code Hello, World!} bodies until {@code expected} came or the stream stalls for 5 s. */
    private static int countAnswers(java.io.InputStream in, int expected) throws java.io.IOException {
        int count = 0;
        byte[] buf = new byte[65536];
        String carry = "";
        try {
            int n;
            while (count < expected && (n = in.read(buf)) > 0) {
                String text = carry + new String(buf, 0, n, StandardCharsets.US_ASCII);
                for (int at = text.indexOf("Hello, World!"); at >= 0; at = text.indexOf("Hello, World!", at + 13)) {
                    count++;
                }
                carry = text.substring(Math.max(0, text.length() - 12));
            }
        } catch (java.net.SocketTimeoutException e) {
            return count; // the server stopped answering
        }
        return count;
    }
}
