package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LengthPrefixedCodecTest {

    private static byte[] frame(String payload) {
        byte[] body = payload.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    private static byte[] wire(String... payloads) {
        var out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(frame(p));
        }
        return out.toByteArray();
    }

    @Test
    void aFrameCutAtEverySplitPointDecodesOnce() {
        CodecFeeder.assertEverySplitGives(() -> new LengthPrefixedCodec(1024), wire("hello"), List.of("hello"));
    }

    @Test
    void twoFramesCutAtEverySplitPointDecodeInOrder() {
        CodecFeeder.assertEverySplitGives(() -> new LengthPrefixedCodec(1024), wire("ab", "", "cde"),
                List.of("ab", "", "cde"));
    }

    @Test
    void severalFramesInOneReadGiveSeveralFrames() {
        try (var feeder = new CodecFeeder(new LengthPrefixedCodec(1024))) {
            feeder.feed(wire("one", "two", "three"));
            assertThat(feeder.frames).containsExactly("one", "two", "three");
        }
    }

    @Test
    void aDeclaredLengthAboveTheMaximumFailsBeforeThePayloadArrives() {
        try (var feeder = new CodecFeeder(new LengthPrefixedCodec(16))) {
            byte[] prefixOnly = ByteBuffer.allocate(4).putInt(17).array();
            assertThatThrownBy(() -> feeder.feed(prefixOnly)).isInstanceOfSatisfying(LimitOverrunException.class,
                    e -> {
                        assertThat(e.consumed()).isEqualTo(17);
                        assertThat(e.limit()).isEqualTo(16);
                    });
        }
    }

    @Test
    void aNegativeLengthFails() {
        try (var feeder = new CodecFeeder(new LengthPrefixedCodec(Integer.MAX_VALUE - 4))) {
            byte[] negative = ByteBuffer.allocate(4).putInt(-1).array();
            assertThatThrownBy(() -> feeder.feed(negative)).isInstanceOf(LimitOverrunException.class)
                    .hasMessageContaining("negative as a signed int: -1");
        }
    }

    @Test
    void eofInsideThePayloadFailsWithTheWholeFrameSizeExpected() {
        try (var feeder = new CodecFeeder(new LengthPrefixedCodec(1024))) {
            byte[] full = frame("abcdef");
            feeder.feed(java.util.Arrays.copyOf(full, 7));
            assertThatThrownBy(feeder::eof).isInstanceOfSatisfying(IncompleteReadException.class, e -> {
                assertThat(e.partial()).hasSize(7);
                assertThat(e.expected()).isEqualTo(10);
            });
            assertThat(feeder.buffered()).isZero();
        }
    }

    @Test
    void eofInsideThePrefixExpectsFourBytes() {
        try (var feeder = new CodecFeeder(new LengthPrefixedCodec(1024))) {
            feeder.feed(new byte[] {0, 0});
            assertThatThrownBy(feeder::eof).isInstanceOfSatisfying(IncompleteReadException.class,
                    e -> assertThat(e.expected()).isEqualTo(4));
        }
    }

    @Test
    void eofOnAFrameBoundaryEndsCleanly() {
        try (var feeder = new CodecFeeder(new LengthPrefixedCodec(1024))) {
            feeder.feed(wire("x")).eof();
            assertThat(feeder.frames).containsExactly("x");
        }
    }

    @Test
    void encodingThenDecodingGivesTheFrameBackForSmallAndLargeFrames() {
        var codec = new LengthPrefixedCodec(1 << 20);
        for (String payload : List.of("", "small", "y".repeat(100_000))) {
            ByteBuf wire = codec.encode(Buffers.utf8(payload), Buffers.allocator());
            try {
                assertThat(wire.readableBytes()).isEqualTo(4 + payload.length());
                ByteBuf back = codec.decode(wire);
                assertThat(Buffers.text(back)).isEqualTo(payload);
                back.release();
            } finally {
                wire.release();
            }
        }
    }

    @Test
    void encodingAFrameAboveTheMaximumFailsAndReleasesIt() {
        var codec = new LengthPrefixedCodec(2);
        ByteBuf frame = Buffers.utf8("abc");
        assertThatThrownBy(() -> codec.encode(frame, Buffers.allocator())).isInstanceOf(LimitOverrunException.class);
        assertThat(frame.refCnt()).isZero();
    }
}
