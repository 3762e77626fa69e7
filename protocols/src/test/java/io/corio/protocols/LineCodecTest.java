package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineCodecTest {

    @Test
    void aLineCutAtEverySplitPointDecodesOnce() {
        CodecFeeder.assertEverySplitGives(() -> new LineCodec(100), "hello world\n".getBytes(), List.of("hello world"));
    }

    @Test
    void aLineDeliveredOneByteAtATimeDecodesOnce() {
        try (var feeder = new CodecFeeder(new LineCodec(100))) {
            for (byte b : "one\r\ntwo\n".getBytes()) {
                feeder.feed(new byte[] {b});
            }
            assertThat(feeder.frames).containsExactly("one", "two");
        }
    }

    @Test
    void severalLinesInOneReadGiveSeveralFrames() {
        try (var feeder = new CodecFeeder(new LineCodec(100))) {
            feeder.feed("a\nbb\r\n\nccc\npartial");
            assertThat(feeder.frames).containsExactly("a", "bb", "", "ccc");
            assertThat(feeder.buffered()).isEqualTo("partial".length());
        }
    }

    @Test
    void carriageReturnIsKeptWhenStrippingIsOff() {
        try (var feeder = new CodecFeeder(new LineCodec(100, false))) {
            feeder.feed("a\r\n");
            assertThat(feeder.frames).containsExactly("a\r");
        }
    }

    @Test
    void aLineOfExactlyTheMaximumIsAccepted() {
        try (var feeder = new CodecFeeder(new LineCodec(5))) {
            feeder.feed("12345").feed("\r").feed("\n");
            assertThat(feeder.frames).containsExactly("12345");
        }
    }

    @Test
    void anOversizedLineFailsBeforeItsNewlineArrives() {
        try (var feeder = new CodecFeeder(new LineCodec(5))) {
            feeder.feed("12345\r");
            assertThatThrownBy(() -> feeder.feed("x"))
                    .isInstanceOfSatisfying(LimitOverrunException.class, e -> {
                        assertThat(e.consumed()).isEqualTo(7);
                        assertThat(e.limit()).isEqualTo(5);
                    });
        }
    }

    @Test
    void anOversizedLineWithItsNewlineInTheSameReadFails() {
        try (var feeder = new CodecFeeder(new LineCodec(3))) {
            assertThatThrownBy(() -> feeder.feed("abcd\n")).isInstanceOf(LimitOverrunException.class)
                    .hasMessageContaining("maximum 3");
        }
    }

    @Test
    void eofAfterAPartialLineFailsWithThePartialBytes() {
        try (var feeder = new CodecFeeder(new LineCodec(100))) {
            feeder.feed("done\nhalf");
            assertThatThrownBy(feeder::eof).isInstanceOfSatisfying(IncompleteReadException.class, e -> {
                assertThat(new String(e.partial(), StandardCharsets.US_ASCII)).isEqualTo("half");
                assertThat(e.expected()).isEqualTo(-1);
            });
            assertThat(feeder.frames).containsExactly("done");
            assertThat(feeder.buffered()).isZero();
        }
    }

    @Test
    void eofOnALineBoundaryEndsCleanly() {
        try (var feeder = new CodecFeeder(new LineCodec(100))) {
            feeder.feed("a\nb\n").eof();
            assertThat(feeder.frames).containsExactly("a", "b");
        }
    }

    @Test
    void encodingAppendsANewlineAndConsumesTheFrame() {
        var codec = new LineCodec(100);
        ByteBuf frame = Buffers.utf8("hi");
        ByteBuf wire = codec.encode(frame, Buffers.allocator());
        try {
            assertThat(frame.refCnt()).isZero();
            assertThat(Buffers.text(wire)).isEqualTo("hi\n");
        } finally {
            wire.release();
        }
    }

    @Test
    void encodingALargeFrameWrapsItWithoutLosingBytes() {
        var codec = new LineCodec(100_000);
        String big = "x".repeat(50_000);
        ByteBuf wire = codec.encode(Buffers.utf8(big), Buffers.allocator());
        try {
            assertThat(Buffers.text(wire)).isEqualTo(big + "\n");
        } finally {
            wire.release();
        }
    }
}
