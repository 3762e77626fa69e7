package io.corio.loop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** addReader/addWriter on real channels: pipes and loopback sockets. */
class IoReadinessTest {
    private final EventLoop loop = EventLoop.create();
    private final Pipe pipe;

    IoReadinessTest() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        loop.close();
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void aReaderIsCalledWhenDataArrivesAndNotAfterItIsRemoved() throws Exception {
        var reads = new ArrayList<String>();
        var buffer = ByteBuffer.allocate(64);
        loop.addReader(pipe.source(), () -> {
            try {
                buffer.clear();
                pipe.source().read(buffer);
                reads.add(new String(buffer.array(), 0, buffer.position()));
                assertThat(loop.removeReader(pipe.source())).isTrue();
                loop.stop();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(20);
                pipe.sink().write(ByteBuffer.wrap("ping".getBytes()));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        loop.runForever();
        assertThat(reads).containsExactly("ping");
        assertThat(loop.removeReader(pipe.source())).isFalse();
        pipe.sink().write(ByteBuffer.wrap("more".getBytes()));
        loop.callLater(Duration.ofMillis(30), loop::stop);
        loop.runForever();
        assertThat(reads).containsExactly("ping");
    }

    @Test
    void aWriterIsCalledWhileTheChannelIsWritable() {
        var calls = new AtomicInteger();
        loop.addWriter(pipe.sink(), () -> {
            if (calls.incrementAndGet() == 3) {
                loop.removeWriter(pipe.sink());
                loop.callSoon(loop::stop);
            }
        });
        loop.runForever();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(loop.removeWriter(pipe.sink())).isFalse();
    }

    @Test
    void aNewReaderReplacesTheOldOne() throws Exception {
        var calls = new ArrayList<String>();
        Handle first = loop.addReader(pipe.source(), () -> calls.add("first"));
        loop.addReader(pipe.source(), () -> {
            calls.add("second");
            loop.removeReader(pipe.source());
            loop.stop();
        });
        assertThat(first.isCancelled()).isTrue();
        pipe.sink().write(ByteBuffer.wrap("x".getBytes()));
        loop.runForever();
        assertThat(calls).containsExactly("second");
    }

    @Test
    void blockingAndClosedChannelsAreRefused() throws Exception {
        var blocking = Pipe.open();
        try {
            assertThatThrownBy(() -> loop.addReader(blocking.source(), () -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blocking");
        } finally {
            blocking.source().close();
            blocking.sink().close();
        }
        var closed = Pipe.open();
        closed.source().configureBlocking(false);
        closed.source().close();
        closed.sink().close();
        assertThatThrownBy(() -> loop.addReader(closed.source(), () -> { }))
                .isInstanceOf(ClosedResourceException.class);
    }

    @Test
    void aLoopBusyWithCallbacksStillSeesIo() throws Exception {
        var keepBusy = new Runnable() {
            int spins;

            @Override
            public void run() {
                spins++;
                loop.callSoon(this);
            }
        };
        loop.callSoon(keepBusy);
        loop.addReader(pipe.source(), loop::stop);
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(30);
                pipe.sink().write(ByteBuffer.wrap("x".getBytes()));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        loop.runForever();
        assertThat(keepBusy.spins).isGreaterThan(100);
    }

    @Test
    void acceptAndConnectReadinessOnLoopbackSockets() throws Exception {
        try (var server = ServerSocketChannel.open();
             var client = SocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            client.configureBlocking(false);
            var events = new ArrayList<String>();
            var accepted = new ArrayList<SocketChannel>();
            loop.addReader(server, () -> {
                try {
                    SocketChannel c = server.accept();
                    if (c != null) {
                        accepted.add(c);
                        events.add("accepted");
                        loop.removeReader(server);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            client.connect(server.getLocalAddress());
            loop.addWriter(client, () -> {
                try {
                    if (client.finishConnect()) {
                        events.add("connected");
                        loop.removeWriter(client);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            loop.callLater(Duration.ofSeconds(5), loop::stop);
            Runnable check = new Runnable() {
                @Override
                public void run() {
                    if (events.size() == 2) {
                        loop.stop();
                    } else {
                        loop.callLater(Duration.ofMillis(1), this);
                    }
                }
            };
            loop.callSoon(check);
            loop.runForever();
            assertThat(events).containsExactlyInAnyOrder("accepted", "connected");
            for (SocketChannel c : accepted) {
                c.close();
            }
        }
    }
}
