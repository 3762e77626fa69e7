package io.corio.protocols;

import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds a decoder the way a connection does (append a read, decode until null) and keeps each frame as text,
 * releasing every buffer. No loop involved.
 */
final class CodecFeeder implements AutoCloseable {
    private final FrameDecoder<ByteBuf> decoder;
    private final ByteBuf input = Buffers.allocator().directBuffer(16);
    final List<String> frames = new ArrayList<>();

    CodecFeeder(FrameDecoder<ByteBuf> decoder) {
        this.decoder = decoder;
    }

    /** Appends {@code bytes} and decodes every complete frame. */
    CodecFeeder feed(byte[] bytes) {
        input.writeBytes(bytes);
        ByteBuf frame;
        while ((frame = decoder.decode(input)) != null) {
            take(frame);
        }
        input.discardReadBytes();
        return this;
    }

    CodecFeeder feed(String text) {
        return feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Ends the stream: decodes what remains. */
    CodecFeeder eof() {
        ByteBuf frame;
        while ((frame = decoder.decodeEof(input)) != null) {
            take(frame);
        }
        return this;
    }

    int buffered() {
        return input.readableBytes();
    }

    private void take(ByteBuf frame) {
        try {
            frames.add(frame.toString(StandardCharsets.ISO_8859_1));
        } finally {
            frame.release();
        }
    }

    /** Decodes {@code wire} cut at every split point into two reads, and checks each cut gives {@code expected}. */
    static void assertEverySplitGives(java.util.function.Supplier<FrameDecoder<ByteBuf>> decoders, byte[] wire,
                                      List<String> expected) {
        for (int cut = 0; cut <= wire.length; cut++) {
            try (var feeder = new CodecFeeder(decoders.get())) {
                feeder.feed(java.util.Arrays.copyOfRange(wire, 0, cut));
                feeder.feed(java.util.Arrays.copyOfRange(wire, cut, wire.length));
                org.assertj.core.api.Assertions.assertThat(feeder.frames).as("cut at %d", cut).isEqualTo(expected);
                org.assertj.core.api.Assertions.assertThat(feeder.buffered()).as("cut at %d", cut).isZero();
            }
        }
    }

    @Override
    public void close() {
        input.release();
    }
}
