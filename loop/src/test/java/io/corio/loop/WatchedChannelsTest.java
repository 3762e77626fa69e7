package io.corio.loop;

import io.corio.loop.internal.SelectorEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** addReader/addWriter on every kind of selectable channel, and what happens when a watch ends badly. */
class WatchedChannelsTest {
    private final EventLoop loop = EventLoop.create();
    private final Pipe pipe;

    WatchedChannelsTest() throws IOException {
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

    /** Runs the loop for {@code ms} of real time; returns the iterations it made meanwhile. */
    private long runFor(long ms) {
        long before = loop.stats().iterations();
        loop.callLater(Duration.ofMillis(ms), loop::stop);
        loop.runForever();
        return loop.stats().iterations() - before;
    }

    @Test
    void aDatagramChannelReaderSeesADatagramAndAWriterSeesWritability() throws Exception {
        try (var receiver = DatagramChannel.open(); var sender = DatagramChannel.open()) {
            receiver.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            sender.configureBlocking(false);
            var got = new StringBuilder();
            loop.addReader(receiver, () -> {
                var buf = ByteBuffer.allocate(64);
                try {
                    receiver.receive(buf);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                got.append(new String(buf.array(), 0, buf.position()));
                loop.stop();
            });
            loop.addWriter(sender, () -> {
                try {
                    sender.send(ByteBuffer.wrap("ping".getBytes()), receiver.getLocalAddress());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                loop.removeWriter(sender);
            });
            loop.runForever();
            assertThat(got.toString()).isEqualTo("ping");
        }
    }

    @Test
    void aServerChannelReaderIsCalledForEachPendingConnection() throws Exception {
        try (var server = ServerSocketChannel.open(); var client = SocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).configureBlocking(false);
            client.connect(server.getLocalAddress());
            var accepted = new AtomicInteger();
            loop.addReader(server, () -> {
                try (var c = server.accept()) {
                    if (c != null) {
                        accepted.incrementAndGet();
                        loop.stop();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            loop.runForever();
            assertThat(accepted).hasValue(1);
        }
    }

    @Test
    void removeReaderAndRemoveWriterSayWhetherSomethingWasRemoved() {
        assertThat(loop.removeReader(pipe.source())).isFalse();
        loop.addReader(pipe.source(), () -> { });
        assertThat(loop.removeReader(pipe.source())).isTrue();
        assertThat(loop.removeReader(pipe.source())).isFalse();
        loop.addWriter(pipe.sink(), () -> { });
        assertThat(loop.removeWriter(pipe.sink())).isTrue();
        assertThat(loop.removeWriter(pipe.sink())).isFalse();
    }

    @Test
    void aCancelledHandleIsNeverCalledAndTheLoopDoesNotSpin() throws Exception {
        var calls = new AtomicInteger();
        Handle handle = loop.addReader(pipe.source(), calls::incrementAndGet);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));   // readable for ever: nobody reads it
        handle.cancel();
        long iterations = runFor(100);
        assertThat(calls).hasValue(0);
        assertThat(iterations).as("iterations in 100 ms while idle").isLessThan(20);
        assertThat(loop.removeReader(pipe.source())).as("the cancelled watch was dropped").isFalse();
    }

    @Test
    void aCancelledWriterHandleOnAnAlwaysWritablePipeDoesNotSpin() {
        var calls = new AtomicInteger();
        Handle handle = loop.addWriter(pipe.sink(), calls::incrementAndGet);
        handle.cancel();
        long iterations = runFor(100);
        assertThat(calls).hasValue(0);
        assertThat(iterations).as("iterations in 100 ms while idle").isLessThan(20);
        assertThat(loop.removeWriter(pipe.sink())).isFalse();
    }

    @Test
    void aClosedChannelLosesItsWatchWithoutSpinning() throws Exception {
        var calls = new AtomicInteger();
        loop.addReader(pipe.source(), calls::incrementAndGet);
        pipe.source().close();
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        long iterations = runFor(100);
        assertThat(calls).hasValue(0);
        assertThat(iterations).as("iterations in 100 ms while idle").isLessThan(20);
        assertThatThrownBy(() -> loop.addReader(pipe.source(), () -> { }))
                .isInstanceOf(ClosedResourceException.class);
    }

    @Test
    void aBlockingChannelIsRefusedWithAClearError() throws Exception {
        pipe.source().configureBlocking(true);
        assertThatThrownBy(() -> loop.addReader(pipe.source(), () -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-blocking");
        assertThat(pipe.source().isBlocking()).as("the channel is left as it was").isTrue();
    }

    @Test
    void aChannelOwnedByATransportCannotBeWatchedByUserCode() {
        var selectorLoop = (SelectorEventLoop) loop;
        Object transport = "SomeTransport[open]";
        selectorLoop.addReader(pipe.source(), () -> { }, transport);
        assertThatThrownBy(() -> loop.addReader(pipe.source(), () -> { }))
                .isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("SomeTransport[open]");
        assertThatThrownBy(() -> loop.removeReader(pipe.source()))
                .isInstanceOf(InvalidStateException.class);
        assertThat(selectorLoop.removeReader(pipe.source(), transport)).as("the owner removes its own watch").isTrue();
    }

    @Test
    void aTransportCannotTakeAChannelThatUserCodeWatches() {
        loop.addReader(pipe.source(), () -> { });
        assertThatThrownBy(() -> ((SelectorEventLoop) loop).addReader(pipe.source(), () -> { }, "T"))
                .isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("remove them");
    }
}
