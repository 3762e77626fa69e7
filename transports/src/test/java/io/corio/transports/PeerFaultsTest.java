package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.transports.support.CollectingProtocol;
import io.corio.transports.support.EchoProtocol;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that fail the connection under a TCP server: a reset (SO_LINGER 0) while the server reads a large message
 * or has a large write queued, a peer that closed before the server writes (EPIPE), and the keep-alive option
 * that lets the kernel find peers gone silent. The peer is a plain blocking {@link Socket} on another thread; the server side
 * must lose the connection exactly once with the socket error as the cause, free what it queued, report nothing
 * (a reset is routine, logged in debug mode only) and go on serving the next client.
 */
class PeerFaultsTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private EventLoop loop;
    private final List<ErrorContext> reported = new ArrayList<>();
    private final List<CollectingProtocol> accepted = new ArrayList<>();
    private Server server;

    @BeforeEach
    void createLoop() {
        loop = EventLoop.create();
        loop.setExceptionHandler((l, context) -> reported.add(context));
    }

    @AfterEach
    void closeLoop() {
        if (server != null) {
            server.close();
            server.abortClients();
            loop.runUntilComplete(() -> Async.timeout(LIMIT, () -> server.waitClosed().await()));
        }
        loop.close();
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(LIMIT, body));
    }

    /** A server whose first connection gets {@code first} and every later one an echo. */
    private int listen(Supplier<CollectingProtocol> first, ServerOptions options) {
        server = Network.createServer(loop, () -> {
            if (!accepted.isEmpty()) {
                return new EchoProtocol();
            }
            CollectingProtocol p = first.get();
            accepted.add(p);
            return p;
        }, "127.0.0.1", 0, options).await();
        return server.port();
    }

    private CollectingProtocol firstAccepted() {
        while (accepted.isEmpty()) {
            Async.sleep(Duration.ofMillis(1));
        }
        return accepted.getFirst();
    }

    private static void reset(Socket peer) throws IOException {
        peer.setSoLinger(true, 0);
        peer.close();
    }

    /** The server still accepts and answers: a fresh client's bytes come back. */
    private void anotherClientIsEchoed(int port) {
        var client = new CollectingProtocol(loop);
        Network.createConnection(loop, () -> client, "127.0.0.1", port).await().write("still serving");
        assertThat(client.whenReceived(13).await()).asString().isEqualTo("still serving");
        client.transport().close();
    }

    private static void assertLostOnceBySocketError(CollectingProtocol side, String... words) {
        System.out.println("connection lost with " + side.cause());
        assertThat(side.lostCalls()).isEqualTo(1);
        assertThat(side.cause()).isInstanceOf(IOException.class);
        assertThat(side.cause().getMessage()).containsAnyOf(words);
    }

    @Test
    void aResetWhileTheServerReadsALargeMessageLosesTheConnectionOnceAndOthersAreStillServed() {
        run(() -> {
            int port = listen(() -> new CollectingProtocol(loop) {
                private boolean paused;

                @Override
                public void dataReceived(ByteBuf data) {
                    super.dataReceived(data);
                    if (size() >= 64 * 1024 && !paused) {
                        paused = true;
                        transport().pauseReading();   // a slow reader: the rest waits in the socket buffer
                    }
                }
            }, ServerOptions.DEFAULTS);
            var peer = new Socket("127.0.0.1", port);
            CollectingProtocol serverSide = firstAccepted();
            var written = new AtomicLong();
            loop.runInExecutor(null, () -> {
                byte[] chunk = new byte[16 * 1024];
                try {
                    for (int i = 0; i < 512; i++) {   // an 8 MiB message, cut short by the reset
                        peer.getOutputStream().write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException expected) {
                    // the reset closes the socket under the blocked write
                }
                return null;
            });
            while (written.get() < 256 * 1024) {
                Async.sleep(Duration.ofMillis(1));
            }
            serverSide.whenReceived(64 * 1024).await();
            assertThat(serverSide.transport().isReading()).isFalse();
            reset(peer);
            serverSide.transport().resumeReading();
            serverSide.whenLost().await();
            assertLostOnceBySocketError(serverSide, "reset");
            assertThat(serverSide.size()).as("bytes received before the reset").isLessThan(8 * 1024 * 1024);
            assertThat(reported).as("a peer reset is routine: not reported outside debug mode").isEmpty();
            anotherClientIsEchoed(port);
            return null;
        });
    }

    @Test
    void aResetWhileALargeWriteIsQueuedLosesTheConnectionOnceAndFreesTheQueue() {
        run(() -> {
            int port = listen(() -> new CollectingProtocol(loop), ServerOptions.DEFAULTS);
            var peer = new Socket("127.0.0.1", port);
            CollectingProtocol serverSide = firstAccepted();
            Transport t = serverSide.whenMade().await();
            t.setWriteBufferLimits(Integer.MAX_VALUE, 0);
            for (int i = 0; i < 64; i++) {
                t.write(new byte[256 * 1024]);   // 16 MiB: far more than the socket buffers hold
            }
            assertThat(t.writeBufferSize()).isPositive();
            Async.toThread(() -> peer.getInputStream().readNBytes(4096));
            reset(peer);
            serverSide.whenLost().await();
            assertLostOnceBySocketError(serverSide, "reset", "Broken pipe");
            assertThat(t.writeBufferSize()).as("queued buffers released").isZero();
            assertThat(reported).isEmpty();
            anotherClientIsEchoed(port);
            return null;
        });
    }

    @Test
    void writingToAPeerThatClosedLosesTheConnectionWithBrokenPipeAndNoWriteThrows() {
        run(() -> {
            int port = listen(() -> (CollectingProtocol) new CollectingProtocol(loop).keepOpenOnEof(),
                    ServerOptions.DEFAULTS);
            var peer = new Socket("127.0.0.1", port);
            CollectingProtocol serverSide = firstAccepted();
            Transport t = serverSide.whenMade().await();
            peer.close();                       // an orderly close: FIN, and nothing unread
            serverSide.whenEof().await();
            t.setWriteBufferLimits(Integer.MAX_VALUE, 0);
            for (int i = 0; i < 200 && !serverSide.isLost(); i++) {
                t.write(new byte[64 * 1024]);   // the peer answers the first segment with RST; then EPIPE
                Async.sleep(Duration.ofMillis(5));
            }
            serverSide.whenLost().await();
            assertLostOnceBySocketError(serverSide, "Broken pipe", "reset");
            assertThat(t.writeBufferSize()).isZero();
            assertThat(t.isClosing()).isTrue();
            assertThat(reported).isEmpty();
            anotherClientIsEchoed(port);
            return null;
        });
    }

    @Test
    void keepAliveIsOffByDefaultAndOnWhereAskedOnBothEnds() {
        run(() -> {
            for (boolean keepAlive : new boolean[] {false, true}) {
                accepted.clear();
                int port = listen(() -> new CollectingProtocol(loop),
                        ServerOptions.DEFAULTS.withKeepAlive(keepAlive));
                Transport client = Network.createConnection(loop, () -> new CollectingProtocol(loop), "127.0.0.1",
                        port, ConnectOptions.DEFAULTS.withKeepAlive(keepAlive)).await();
                Transport serverSide = firstAccepted().whenMade().await();
                for (Transport t : List.of(client, serverSide)) {
                    var channel = (SocketChannel) t.extra(Extra.CHANNEL);
                    assertThat(channel.getOption(StandardSocketOptions.SO_KEEPALIVE)).as("SO_KEEPALIVE of " + t)
                            .isEqualTo(keepAlive);
                }
                client.close();
                server.close();
                server.abortClients();
                server.waitClosed().await();
            }
            return null;
        });
    }
}
