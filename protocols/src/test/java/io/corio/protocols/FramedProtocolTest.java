package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.testing.TestLoop;
import io.corio.transports.Buffers;
import io.corio.transports.testing.MemoryTransport;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FramedProtocolTest {
    private final TestLoop loop = TestLoop.create();

    /** Records frames as text and echoes each one upper-cased. */
    private static final class Upper implements FrameHandler<ByteBuf> {
        final List<String> frames = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        FramedProtocol<ByteBuf> protocol;
        Throwable lostCause;

        @Override
        public void connectionMade(FramedProtocol<ByteBuf> p) {
            protocol = p;
        }

        @Override
        public void frameReceived(ByteBuf frame) {
            String text = Buffers.text(frame);
            frames.add(text);
            protocol.sendFrame(Buffers.utf8(text.toUpperCase()));
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable cause) {
            events.add("lost");
            lostCause = cause;
        }
    }

    private final Upper handler = new Upper();

    @AfterEach
    void tearDown() {
        loop.runReady();
        loop.close();
    }

    private MemoryTransport open(FramedProtocol<ByteBuf> protocol) {
        return MemoryTransport.open(loop, protocol);
    }

    @Test
    void framesCutIntoTinyChunksAreDeliveredWholeAndAnswered() {
        var t = open(new FramedProtocol<>(new LineCodec(64), handler));
        t.peerTransport().setChunkSize(2);
        t.peerTransport().write("one\r\ntwo\nthree\n");
        loop.runReady();
        assertThat(handler.frames).containsExactly("one", "two", "three");
        assertThat(t.peer().text()).isEqualTo("ONE\nTWO\nTHREE\n");
    }

    @Test
    void severalLengthPrefixedFramesInOneReadAreEachDelivered() {
        var t = open(new FramedProtocol<>(new LengthPrefixedCodec(1024), handler));
        var wire = ByteBuffer.allocate(16).putInt(2).put("ab".getBytes()).putInt(0).putInt(2).put("cd".getBytes());
        t.peerTransport().write(wire.flip());
        loop.runReady();
        assertThat(handler.frames).containsExactly("ab", "", "cd");
        assertThat(t.peer().bytes()).hasSize(3 * 4 + 4);
    }

    @Test
    void malformedInputClosesTheTransportWithTheDecodersError() {
        var t = open(new FramedProtocol<>(new LineCodec(4), handler));
        t.peerTransport().write("ok\ntoo long\nnever\n");
        loop.runReady();
        assertThat(handler.frames).containsExactly("ok");
        assertThat(handler.lostCause).isInstanceOf(LimitOverrunException.class);
        assertThat(t.isClosing()).isTrue();
        assertThat(t.peer().text()).isEqualTo("OK\n"); // what was sent before the error is flushed
    }

    @Test
    void endOfStreamInsideAFrameLosesTheConnectionWithIncompleteRead() {
        var t = open(new FramedProtocol<>(new LengthPrefixedCodec(1024), handler));
        t.peerTransport().write(new byte[] {0, 0, 0, 9, 'x'});
        t.peerTransport().close();
        loop.runReady();
        assertThat(handler.events).containsExactly("lost");
        assertThat(handler.lostCause).isInstanceOfSatisfying(IncompleteReadException.class,
                e -> assertThat(e.expected()).isEqualTo(13));
    }

    @Test
    void endOfStreamOnAFrameBoundaryReachesTheHandler() {
        var t = open(new FramedProtocol<>(new LineCodec(64), handler));
        t.peer().keepOpenOnEof();
        t.peerTransport().write("last\n");
        t.peerTransport().writeEof();
        loop.runReady();
        assertThat(handler.frames).containsExactly("last");
        assertThat(handler.events).containsExactly("eof", "lost");
        assertThat(handler.lostCause).isNull();
        assertThat(t.peer().text()).isEqualTo("LAST\n");
    }

    @Test
    void pausedReadingHoldsBufferedFramesUntilResumed() {
        var t = open(new FramedProtocol<>(new LineCodec(64), new FrameHandler<ByteBuf>() {
            FramedProtocol<ByteBuf> protocol;

            @Override
            public void connectionMade(FramedProtocol<ByteBuf> p) {
                protocol = p;
            }

            @Override
            public void frameReceived(ByteBuf frame) {
                handler.frames.add(Buffers.text(frame));
                protocol.pauseReading();
            }
        }));
        t.peerTransport().write("a\nb\nc\n");
        loop.runReady();
        assertThat(handler.frames).containsExactly("a");
        assertThat(t.isReading()).isFalse();
        var framed = (FramedProtocol<?>) t.protocol();
        framed.resumeReading();
        framed.resumeReading();
        framed.resumeReading();
        assertThat(handler.frames).containsExactly("a", "b", "c");
    }

    @Test
    void aHandlerThatKeepsAFrameRetainsIt() {
        List<ByteBuf> kept = new ArrayList<>();
        var t = open(new FramedProtocol<>(new LineCodec(64), frame -> kept.add(frame.retain())));
        t.peerTransport().write("keep me\n");
        loop.runReady();
        assertThat(kept).singleElement().satisfies(b -> assertThat(Buffers.text(b)).isEqualTo("keep me"));
        kept.forEach(ByteBuf::release);
    }
}
