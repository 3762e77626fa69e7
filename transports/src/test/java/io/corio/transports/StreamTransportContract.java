package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import io.corio.transports.support.TestFiles;
import io.netty.buffer.ByteBuf;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every stream transport keeps (TCP over IPv4 and IPv6, Unix, TLS): subclasses only say how to
 * listen and connect. Each test runs a coroutine on a real loop over real sockets, bounded by {@link #LIMIT}.
 */
public abstract class StreamTransportContract {
    protected static final Duration LIMIT = Duration.ofSeconds(30);

    protected EventLoop loop;
    protected final List<ErrorContext> reported = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();

    /** Starts a server on {@code loop} whose connections get {@code factory.get()}. */
    protected abstract Future<Server> listen(EventLoop loop, Supplier<? extends Protocol> factory);

    /** Connects to {@code server}; the future completes once the client protocol's {@code connectionMade} ran. */
    protected abstract Future<Transport> connect(EventLoop loop, Server server, Supplier<? extends Protocol> factory);

    /** False for transports without {@code writeEof} (TLS): the half-close test is skipped. */
    protected boolean supportsHalfClose() {
        return true;
    }

    @BeforeEach
    void createLoop() {
        loop = EventLoop.create();
        loop.setExceptionHandler((l, context) -> reported.add(context));
    }

    /** Closes the servers, aborts what they accepted and runs the loop until every connection is lost. */
    @AfterEach
    void closeLoop() {
        for (Server server : servers) {
            server.close();
            server.abortClients();
        }
        loop.runUntilComplete(() -> {
            for (Server server : servers) {
                Async.timeout(LIMIT, () -> server.waitClosed().await());
            }
            return null;
        });
        loop.close();
    }

    /** {@link #listen}, remembering the server so that it is closed (and a Unix socket file removed) after the test. */
    protected Future<Server> serve(Supplier<? extends Protocol> factory) {
        Future<Server> server = listen(loop, factory);
        server.addDoneCallback(f -> {
            if (!f.isCancelled() && f.exception() == null) {
                servers.add(f.result());
            }
        });
        return server;
    }

    /** Runs {@code body} as a coroutine on the loop, failing after {@link #LIMIT}. */
    protected <T> T run(Callable<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(LIMIT, body));
    }

    /** A connected pair: the server side's protocol and the client side's protocol. */
    protected record Pair(Server server, CollectingProtocol serverSide, CollectingProtocol clientSide) {
    }

    protected Pair open(Supplier<CollectingProtocol> serverProtocol) {
        var serverSide = new ArrayList<CollectingProtocol>();
        Server server = serve(() -> {
            CollectingProtocol p = serverProtocol.get();
            serverSide.add(p);
            return p;
        }).await();
        var client = new CollectingProtocol(loop);
        connect(loop, server, () -> client).await();
        while (serverSide.isEmpty()) {
            Async.sleep(Duration.ofMillis(1));
        }
        serverSide.getFirst().whenMade().await();
        return new Pair(server, serverSide.getFirst(), client);
    }

    protected Pair open() {
        return open(() -> new CollectingProtocol(loop));
    }

    /** Writes until the transport queues (the peer does not read), with no water mark in the way. */
    protected static void fillUntilQueued(Transport t) {
        t.setWriteBufferLimits(Integer.MAX_VALUE, 0);
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 4096 && t.writeBufferSize() == 0; i++) {
            t.write(chunk);
        }
        assertThat(t.writeBufferSize()).as("bytes queued once the peer stops reading").isPositive();
    }

    @Test
    void halfCloseDeliversEofToPeerWhichCanStillWriteBack() {
        Assumptions.assumeTrue(supportsHalfClose(), "this transport cannot half-close");
        run(() -> {
            Pair p = open(() -> {
                var keepOpen = new CollectingProtocol(loop);
                keepOpen.keepOpenOnEof();
                return keepOpen;
            });
            Transport client = p.clientSide().transport();
            client.write("ping");
            client.writeEof();
            p.serverSide().whenEof().await();
            assertThat(p.serverSide().text()).isEqualTo("ping");
            assertThat(p.serverSide().isLost()).isFalse();
            p.serverSide().transport().write("pong");
            p.serverSide().transport().close();
            p.clientSide().whenLost().await();
            p.serverSide().whenLost().await();
            assertThat(p.clientSide().text()).isEqualTo("pong");
            assertThat(p.clientSide().events()).containsSubsequence("eof", "lost");
            assertThat(p.serverSide().cause()).isNull();
            return null;
        });
    }

    @Test
    void pauseWritingFiresStrictlyAboveHighAndResumeAtOrBelowLowInPairs() {
        run(() -> {
            Pair p = open();
            p.serverSide().transport().pauseReading();
            Transport client = p.clientSide().transport();
            fillUntilQueued(client);
            long queued = client.writeBufferSize();
            client.setWriteBufferLimits((int) queued + 10, 0);
            client.write(new byte[10]);
            assertThat(client.writeBufferSize()).isEqualTo(queued + 10);
            assertThat(p.clientSide().events()).doesNotContain("pauseWriting");
            client.write(new byte[1]);
            assertThat(p.clientSide().events()).containsOnlyOnce("pauseWriting");
            client.write(new byte[100]);
            assertThat(p.clientSide().events()).containsOnlyOnce("pauseWriting");
            p.serverSide().transport().resumeReading();
            p.clientSide().whenWritable().await();
            assertThat(client.writeBufferSize()).isZero();
            assertThat(p.clientSide().events().stream().filter(e -> e.endsWith("Writing")))
                    .containsExactly("pauseWriting", "resumeWriting");
            return null;
        });
    }

    @Test
    void abortDropsBufferedDataAndReleasesIt() {
        run(() -> {
            Pair p = open();
            p.serverSide().transport().pauseReading();
            Transport client = p.clientSide().transport();
            fillUntilQueued(client);
            ByteBuf last = Buffers.copyOf(new byte[1000]);
            client.write(last.retain());
            client.abort();
            assertThat(last.refCnt()).as("the queued buffer was released").isEqualTo(1);
            last.release();
            assertThat(client.writeBufferSize()).isZero();
            assertThat(client.isClosing()).isTrue();
            p.clientSide().whenLost().await();
            p.serverSide().transport().resumeReading();
            p.serverSide().whenLost().await();
            assertThat(p.clientSide().lostCalls()).isEqualTo(1);
            assertThat(p.clientSide().cause()).isNull();
            return null;
        });
    }

    @Test
    void closeFlushesThenLosesTheConnectionOnceWithoutCause() {
        run(() -> {
            Pair p = open();
            byte[] data = randomBytes(3 * 1024 * 1024);
            p.clientSide().transport().write(data);
            p.clientSide().transport().close();
            p.clientSide().transport().close();
            byte[] received = p.serverSide().whenReceived(data.length).await();
            assertThat(received.length).as("bytes received; server events %s", p.serverSide().events().stream()
                    .filter(e -> !e.startsWith("data")).toList()).isEqualTo(data.length);
            assertThat(received).isEqualTo(data);
            p.serverSide().whenLost().await();
            p.clientSide().whenLost().await();
            assertThat(p.clientSide().lostCalls()).isEqualTo(1);
            assertThat(p.clientSide().cause()).isNull();
            assertThat(p.serverSide().lostCalls()).isEqualTo(1);
            assertThat(p.serverSide().events()).containsSubsequence("eof", "lost");
            return null;
        });
    }

    @Test
    void abortLosesTheConnectionOnceWithoutCause() {
        run(() -> {
            Pair p = open();
            p.clientSide().transport().abort();
            p.clientSide().transport().abort();
            p.clientSide().transport().close();
            p.clientSide().whenLost().await();
            p.serverSide().whenLost().await();
            assertThat(p.clientSide().lostCalls()).isEqualTo(1);
            assertThat(p.clientSide().cause()).isNull();
            assertThat(p.serverSide().lostCalls()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void abortAfterCloseDoesNotLoseTheConnectionTwice() {
        run(() -> {
            Pair p = open();
            p.clientSide().transport().close();
            p.clientSide().transport().abort();
            p.clientSide().whenLost().await();
            p.serverSide().whenLost().await();
            assertThat(p.clientSide().lostCalls()).isEqualTo(1);
            assertThat(p.serverSide().lostCalls()).isEqualTo(1);
            return null;
        });
    }

    @Test
    void exceptionInDataReceivedIsReportedAndAbortsWithThatCause() {
        var boom = new IllegalStateException("boom");
        run(() -> {
            Pair p = open(() -> new CollectingProtocol(loop) {
                @Override
                public void dataReceived(ByteBuf data) {
                    super.dataReceived(data);
                    throw boom;
                }
            });
            p.clientSide().transport().write("x");
            p.serverSide().whenLost().await();
            p.clientSide().whenLost().await();
            assertThat(p.serverSide().cause()).isSameAs(boom);
            assertThat(p.serverSide().lostCalls()).isEqualTo(1);
            assertThat(reported).anySatisfy(c -> {
                assertThat(c.exception()).isSameAs(boom);
                assertThat(c.message()).contains("dataReceived");
                assertThat(c.transport()).isNotNull();
            });
            return null;
        });
    }

    @Test
    void peerResetMidWriteLosesTheConnectionWithAnIOException() {
        run(() -> {
            Pair p = open();
            Transport server = p.serverSide().transport();
            server.setWriteBufferLimits(Integer.MAX_VALUE, 0);
            for (int i = 0; i < 64; i++) {
                server.write(new byte[256 * 1024]);   // 16 MiB: far more than the socket buffers take
            }
            p.clientSide().whenReceived(1).await();
            p.clientSide().transport().abort();       // unread data: the peer gets a reset or a broken pipe
            p.serverSide().whenLost().await();
            assertThat(p.serverSide().lostCalls()).isEqualTo(1);
            assertThat(p.serverSide().cause()).isInstanceOf(IOException.class);
            assertThat(server.writeBufferSize()).isZero();
            return null;
        });
    }

    @Test
    void tenMebibyteRoundTripThroughAnEchoIsByteExact() {
        byte[] data = randomBytes(10 * 1024 * 1024);
        run(() -> {
            Server server = serve(EchoProtocol::new).await();
            var client = new CollectingProtocol(loop);
            Transport t = connect(loop, server, () -> client).await();
            Future<byte[]> echoed = client.whenReceived(data.length);
            for (int off = 0; off < data.length; off += 100_000) {
                client.whenWritable().await();
                t.write(Buffers.allocator().directBuffer().writeBytes(data, off, Math.min(100_000,
                        data.length - off)));
            }
            assertThat(echoed.await()).isEqualTo(data);
            t.close();
            client.whenLost().await();
            server.close();
            server.waitClosed().await();
            return null;
        });
    }

    /**
     * A protocol that echoes and closes once it has seen every byte, often inside a burst of full reads, where
     * writes are held for one gathering write: what it wrote must still leave before the close.
     */
    @Test
    void closeInsideAReadBurstStillFlushesEverythingWrittenBefore() {
        byte[] data = randomBytes(4 * 1024 * 1024);
        run(() -> {
            Server server = serve(() -> new EchoProtocol() {
                private int seen;

                @Override
                public void dataReceived(ByteBuf buf) {
                    seen += buf.readableBytes();
                    super.dataReceived(buf);
                    if (seen == data.length) {
                        transport().close();
                    }
                }
            }).await();
            var client = new CollectingProtocol(loop);
            Transport t = connect(loop, server, () -> client).await();
            Future<byte[]> echoed = client.whenReceived(data.length);
            t.write(Buffers.copyOf(data));
            assertThat(echoed.await()).isEqualTo(data);
            client.whenLost().await();
            assertThat(client.eofSeen()).isTrue();
            return null;
        });
    }

    @Test
    void aThousandConnectionsAtOnceEachGetTheirEcho() {
        int n = 1000;
        run(() -> {
            Server server = serve(EchoProtocol::new).await();
            var clients = new ArrayList<CollectingProtocol>();
            var connects = new ArrayList<Future<Transport>>();
            for (int i = 0; i < n; i++) {
                var c = new CollectingProtocol(loop);
                clients.add(c);
                connects.add(connect(loop, server, () -> c));
            }
            var echoes = new ArrayList<Future<byte[]>>();
            for (int i = 0; i < n; i++) {
                connects.get(i).await().write("hello " + i);
                echoes.add(clients.get(i).whenReceived(("hello " + i).length()));
            }
            for (int i = 0; i < n; i++) {
                assertThat(new String(echoes.get(i).await())).isEqualTo("hello " + i);
                clients.get(i).transport().close();
            }
            server.close();
            server.waitClosed().await();
            assertThat(server.connectionCount()).isZero();
            assertThat(clients).allSatisfy(c -> assertThat(c.lostCalls()).isEqualTo(1));
            return null;
        });
    }

    @Test
    void pauseReadingStopsDataReceivedUntilResumed() {
        run(() -> {
            Pair p = open();
            Transport server = p.serverSide().transport();
            server.pauseReading();
            assertThat(server.isReading()).isFalse();
            p.clientSide().transport().write("abc");
            Async.sleep(Duration.ofMillis(100));   // asserting an absence: give the bytes time to arrive
            assertThat(p.serverSide().dataCalls()).isZero();
            server.resumeReading();
            assertThat(server.isReading()).isTrue();
            assertThat(p.serverSide().whenReceived(3).await()).isEqualTo("abc".getBytes());
            return null;
        });
    }

    @Test
    void writesAfterCloseAreDroppedAndReleased() {
        run(() -> {
            Pair p = open();
            Transport client = p.clientSide().transport();
            client.write("before");
            client.close();
            ByteBuf late = Buffers.utf8("after");
            client.write(late);
            assertThat(late.refCnt()).isZero();
            p.serverSide().whenLost().await();
            assertThat(p.serverSide().text()).isEqualTo("before");
            return null;
        });
    }

    @Test
    void writeAfterWriteEofThrowsAndReleases() {
        Assumptions.assumeTrue(supportsHalfClose(), "this transport cannot half-close");
        run(() -> {
            Pair p = open();
            Transport client = p.clientSide().transport();
            client.writeEof();
            ByteBuf late = Buffers.utf8("late");
            assertThatThrownBy(() -> client.write(late)).isInstanceOf(InvalidStateException.class);
            assertThat(late.refCnt()).isZero();
            client.close();
            p.serverSide().whenLost().await();
            return null;
        });
    }

    @Test
    void extraNamesBothEndsAndTheChannel() {
        run(() -> {
            Pair p = open();
            Transport client = p.clientSide().transport();
            Transport server = p.serverSide().transport();
            assertThat(client.extra(Extra.PEER_ADDRESS)).isNotNull();
            assertThat(server.extra(Extra.LOCAL_ADDRESS)).isNotNull();
            assertThat(client.extra(Extra.CHANNEL)).isNotNull();
            client.close();
            p.serverSide().whenLost().await();
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------- sendFile

    @Test
    void sendFileIsByteExactAndKeepsItsPlaceBetweenWrites() throws IOException {
        try (var file = TestFiles.random(10 * 1024 * 1024)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                Future<byte[]> received = p.clientSide().whenReceived(file.size() + 11);
                server.write("before|");
                Future<Long> sent = server.sendFile(file.channel(), 0, file.size());
                server.write("|end");
                assertThat(sent.await()).isEqualTo(file.size());
                assertThat(received.await()).isEqualTo(file.framed("before|", 0, file.size(), "|end"));
                assertThat(file.channel().position()).as("the file's own position is not used").isZero();
                return null;
            });
        }
    }

    @Test
    void sendFileSendsExactlyTheRangeAskedAndRefusesOneOutsideTheFile() throws IOException {
        try (var file = TestFiles.random(100_000)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                FileChannel ch = file.channel();
                assertThatThrownBy(() -> server.sendFile(ch, -1, 10)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> server.sendFile(ch, 0, -1)).isInstanceOf(IllegalArgumentException.class);
                Future<Long> past = server.sendFile(ch, 99_990, 11);
                assertThatThrownBy(past::await).isInstanceOf(EOFException.class).hasMessageContaining("100000");
                assertThat(server.sendFile(ch, 5, 0).await()).isZero();
                Future<byte[]> received = p.clientSide().whenReceived(70_000 + 1);
                assertThat(server.sendFile(ch, 30_000, 70_000).await()).isEqualTo(70_000);
                server.write("!");
                assertThat(received.await()).isEqualTo(file.framed("", 30_000, 70_000, "!"));
                return null;
            });
        }
    }

    /** The peer stops reading: the send waits, holding little memory, and the loop sleeps instead of spinning. */
    @Test
    void sendFileToAPeerThatStopsReadingWaitsWithoutSpinningThenFinishes() throws IOException {
        try (var file = TestFiles.random(32 * 1024 * 1024)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                p.clientSide().transport().pauseReading();
                Future<Long> sent = server.sendFile(file.channel(), 0, file.size());
                Async.sleep(Duration.ofMillis(300));   // let the socket buffers fill
                long iterations = loop.stats().iterations();
                Async.sleep(Duration.ofMillis(300));   // asserting an absence: the loop is not woken for nothing
                assertThat(loop.stats().iterations() - iterations).as("loop iterations while blocked")
                        .isLessThan(50);
                assertThat(sent.isDone()).as("32 MiB cannot all be in the socket buffers").isFalse();
                assertThat(server.writeBufferSize()).as("bytes held in memory")
                        .isLessThanOrEqualTo(server.writeBufferHigh() + 4L * 64 * 1024);
                Future<byte[]> received = p.clientSide().whenReceived(file.size());
                p.clientSide().transport().resumeReading();
                assertThat(sent.await()).isEqualTo(file.size());
                assertThat(received.await()).isEqualTo(file.content());
                return null;
            });
        }
    }

    @Test
    void abortInTheMiddleOfAFileFailsTheSendAndLosesTheConnection() throws IOException {
        try (var file = TestFiles.random(32 * 1024 * 1024)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                p.clientSide().transport().pauseReading();
                Future<Long> sent = server.sendFile(file.channel(), 0, file.size());
                server.write("after");
                Async.sleep(Duration.ofMillis(100));
                assertThat(sent.isDone()).isFalse();
                server.abort();
                assertThatThrownBy(sent::await).isInstanceOf(ClosedResourceException.class);
                p.serverSide().whenLost().await();
                p.clientSide().transport().resumeReading();   // a paused reader cannot notice the end
                p.clientSide().whenLost().await();
                assertThat(p.clientSide().size()).as("part of the file, then the end").isLessThan(file.size());
                assertThat(file.channel().isOpen()).as("the caller's file stays open").isTrue();
                return null;
            });
        }
    }

    /** The peer would get a body shorter than announced: the send fails and the connection is aborted. */
    @Test
    void aFileThatShrinksWhileQueuedFailsTheSendWithEofAndAbortsTheConnection() throws IOException {
        try (var file = TestFiles.random(32 * 1024 * 1024)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                p.clientSide().transport().pauseReading();
                Future<Long> sent = server.sendFile(file.channel(), 0, file.size());
                Async.sleep(Duration.ofMillis(100));
                try (var writer = FileChannel.open(file.path(), StandardOpenOption.WRITE)) {
                    writer.truncate(1024 * 1024);
                }
                p.clientSide().transport().resumeReading();
                assertThatThrownBy(sent::await).isInstanceOf(EOFException.class).hasMessageContaining("file ended");
                p.serverSide().whenLost().await();
                p.clientSide().whenLost().await();
                assertThat(p.clientSide().size()).as("what was sent before the file shrank")
                        .isLessThan(file.size());
                return null;
            });
        }
    }

    @Test
    void sendFileAfterWriteEofThrows() throws IOException {
        Assumptions.assumeTrue(supportsHalfClose(), "this transport cannot half-close");
        try (var file = TestFiles.random(10)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                server.writeEof();
                assertThatThrownBy(() -> server.sendFile(file.channel(), 0, 10))
                        .isInstanceOf(InvalidStateException.class);
                server.close();
                p.clientSide().whenLost().await();
                return null;
            });
        }
    }

    @Test
    void closeAfterSendFileSendsTheWholeFileFirst() throws IOException {
        try (var file = TestFiles.random(3 * 1024 * 1024 + 17)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                Future<Long> sent = server.sendFile(file.channel(), 0, file.size());
                server.write("bye");
                server.close();
                assertThat(server.isClosing()).isTrue();
                p.clientSide().whenLost().await();
                assertThat(sent.await()).isEqualTo(file.size());
                assertThat(p.clientSide().bytes()).isEqualTo(file.framed("", 0, file.size(), "bye"));
                return null;
            });
        }
    }

    @Test
    void sendFileOnAClosedTransportFailsAtOnce() throws IOException {
        try (var file = TestFiles.random(1000)) {
            run(() -> {
                Pair p = open();
                Transport server = p.serverSide().transport();
                server.close();
                Future<Long> sent = server.sendFile(file.channel(), 0, file.size());
                assertThat(sent.isDone()).isTrue();
                assertThatThrownBy(sent::await).isInstanceOf(ClosedResourceException.class);
                p.clientSide().whenLost().await();
                return null;
            });
        }
    }

    protected static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
