package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.transports.Buffers;
import io.corio.transports.support.Fuzz;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link LengthPrefixedCodec} and {@link LineCodec} (seeded, see {@link Fuzz}): frames survive
 * any split of the stream, and any bytes give frames or the documented errors ({@link LimitOverrunException},
 * {@link IncompleteReadException} at the end), the same however the bytes are cut, with every buffer released.
 */
class CodecFuzzTest {
    private static final List<String> TOKENS = List.of("\n", "\r\n", "\r", "\u0000\u0000\u0000", "\u00ff\u00ff",
            "\u0000\u0000\u0000\u0005hello", "\u0080\u0000\u0000\u0000");

    /** What a decoder made of a stream: the frames, then the error that stopped it (or null). */
    record Outcome(List<String> frames, String error) {
    }

    /** A stream cut into reads at {@code cuts}, for a decoder made by {@code kind}. */
    record Case(String kind, byte[] wire, int[] cuts, List<String> sent) {
        @Override
        public String toString() {
            return kind + " " + Fuzz.show(wire) + " cut at " + Arrays.toString(cuts);
        }
    }

    @Test
    void lengthPrefixedFramesReassembleFromAnySplitPoints() {
        Fuzz.forAll(rng -> framesCase(rng, "length:" + (1 + rng.nextInt(300)), false))
                .shrinkWith(CodecFuzzTest::shrinkCuts).tries(1500)
                .check(c -> assertThat(decode(c, true)).isEqualTo(new Outcome(c.sent(), null)));
    }

    @Test
    void linesReassembleFromAnySplitPoints() {
        Fuzz.forAll(rng -> framesCase(rng, (rng.nextBoolean() ? "line:" : "rawline:") + (1 + rng.nextInt(300)),
                        true))
                .shrinkWith(CodecFuzzTest::shrinkCuts).tries(1500)
                .check(c -> assertThat(decode(c, true)).isEqualTo(new Outcome(c.sent(), null)));
    }

    @Test
    void anyBytesGiveFramesOrTheDocumentedErrorWhereverTheyAreCut() {
        Fuzz.forAll(CodecFuzzTest::hostileCase).shrinkWith(CodecFuzzTest::shrinkWire).tries(3000)
                .check(c -> {
                    Outcome split = decode(c, true);
                    Outcome whole = decode(new Case(c.kind(), c.wire(), new int[0], c.sent()), true);
                    assertThat(split).isEqualTo(whole);
                    assertThat(split.error()).isIn(null, "LimitOverrunException", "IncompleteReadException");
                });
    }

    // --------------------------------------------------------------------------------------- driving

    private static FrameDecoder<ByteBuf> decoder(String kind) {
        int max = Integer.parseInt(kind.substring(kind.indexOf(':') + 1));
        return switch (kind.substring(0, kind.indexOf(':'))) {
            case "length" -> new LengthPrefixedCodec(max);
            case "line" -> new LineCodec(max);
            default -> new LineCodec(max, false);
        };
    }

    /** Feeds the reads as a connection does (append, decode until null, compact), then the end of the stream. */
    static Outcome decode(Case c, boolean eof) {
        return decode(() -> decoder(c.kind()), c.wire(), c.cuts(), eof);
    }

    static Outcome decode(Supplier<FrameDecoder<ByteBuf>> decoders, byte[] wire, int[] cuts, boolean eof) {
        FrameDecoder<ByteBuf> decoder = decoders.get();
        ByteBuf input = Buffers.allocator().directBuffer(16);
        var frames = new ArrayList<String>();
        String error = null;
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : wire.length;
                input.writeBytes(wire, from, to - from);
                from = to;
                for (ByteBuf f = decoder.decode(input); f != null; f = decoder.decode(input)) {
                    take(frames, f);
                }
                input.discardReadBytes();
            }
            if (eof) {
                for (ByteBuf f = decoder.decodeEof(input); f != null; f = decoder.decodeEof(input)) {
                    take(frames, f);
                }
            }
        } catch (LimitOverrunException | IncompleteReadException e) {
            error = e.getClass().getSimpleName();
        } finally {
            input.release();
        }
        assertThat(input.refCnt()).as("input released, no frame slice kept").isZero();
        return new Outcome(frames, error);
    }

    private static void take(List<String> frames, ByteBuf frame) {
        try {
            frames.add(frame.toString(StandardCharsets.ISO_8859_1));
        } finally {
            frame.release();
        }
        assertThat(frame.refCnt()).as("frame released").isZero();
    }

    // ------------------------------------------------------------------------------------ generating

    /** Up to 8 valid frames encoded back to back (lines ending in LF or CRLF), cut at up to 12 random points. */
    private static Case framesCase(SplittableRandom rng, String kind, boolean lines) {
        int max = Integer.parseInt(kind.substring(kind.indexOf(':') + 1));
        boolean strip = kind.startsWith("line:");
        var sent = new ArrayList<String>();
        var wire = new ByteArrayOutputStream();
        int count = rng.nextInt(9);
        for (int i = 0; i < count; i++) {
            byte[] frame = Fuzz.bytes(rng, max);
            frame = Arrays.copyOf(frame, rng.nextInt(frame.length + 1));
            if (lines) {
                frame = lineSafe(frame, strip);
            }
            sent.add(new String(frame, StandardCharsets.ISO_8859_1));
            ByteBuf encoded = ((FrameEncoder<ByteBuf>) decoder(kind)).encode(Unpooled.wrappedBuffer(frame),
                    Buffers.allocator());
            wire.writeBytes(ByteBufUtil.getBytes(encoded));
            encoded.release();
            if (lines && strip && rng.nextBoolean()) {
                byte[] w = wire.toByteArray(); // turn this frame's LF into CRLF: the same frame
                wire.reset();
                wire.write(w, 0, w.length - 1);
                wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        byte[] bytes = wire.toByteArray();
        return new Case(kind, bytes, Fuzz.cuts(rng, bytes.length, 12), sent);
    }

    /** No LF inside; with stripping, no CR at the end (it would be taken as part of the line ending). */
    private static byte[] lineSafe(byte[] frame, boolean strip) {
        for (int i = 0; i < frame.length; i++) {
            if (frame[i] == '\n') {
                frame[i] = 'n';
            }
        }
        if (strip && frame.length > 0 && frame[frame.length - 1] == '\r') {
            frame[frame.length - 1] = 'r';
        }
        return frame;
    }

    /** Random bytes, or valid frames after random edits, for any of the three decoders with a small maximum. */
    private static Case hostileCase(SplittableRandom rng) {
        String kind = List.of("length:", "line:", "rawline:").get(rng.nextInt(3)) + (1 + rng.nextInt(64));
        byte[] wire = rng.nextBoolean() ? Fuzz.bytes(rng, 400)
                : Fuzz.mutate(rng, framesCase(rng, kind, !kind.startsWith("length")).wire(), TOKENS);
        return new Case(kind, wire, Fuzz.cuts(rng, wire.length, 12), List.of());
    }

    private static List<Case> shrinkCuts(Case c) {
        var out = new ArrayList<Case>();
        for (int i = 0; i < c.cuts().length; i++) {
            int[] fewer = new int[c.cuts().length - 1];
            System.arraycopy(c.cuts(), 0, fewer, 0, i);
            System.arraycopy(c.cuts(), i + 1, fewer, i, fewer.length - i);
            out.add(new Case(c.kind(), c.wire(), fewer, c.sent()));
        }
        return out;
    }

    private static List<Case> shrinkWire(Case c) {
        var out = new ArrayList<>(shrinkCuts(c));
        for (byte[] shorter : Fuzz.shrinkBytes(c.wire())) {
            int[] cuts = Arrays.stream(c.cuts()).filter(x -> x < shorter.length).toArray();
            out.add(new Case(c.kind(), shorter, cuts, c.sent()));
        }
        return out;
    }
}
