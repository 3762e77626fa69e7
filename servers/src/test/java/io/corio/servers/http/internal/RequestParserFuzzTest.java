package io.corio.servers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.servers.http.HttpException;
import io.corio.transports.Buffers;
import io.corio.transports.support.Fuzz;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the {@link RequestParser} (seeded, see {@link Fuzz}): a valid pipeline parses the same however
 * it is cut; random bytes and mutated requests give requests or an {@link HttpException} with a documented status,
 * the same wherever the bytes are cut, never another exception, and every buffer is released.
 */
class RequestParserFuzzTest {
    private static final List<Integer> DOCUMENTED = List.of(400, 413, 414, 417, 431, 501, 505);
    private static final List<String> TOKENS = List.of("\r\n", "\n", "\r", ":", " ", "\t", "\u0000", "\u007f",
            "\r\n\r\n", "Content-Length: 5\r\n", "Content-Length: -1\r\n", "Content-Length: 99999999999999999999\r\n",
            "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Host: h\r\n",
            "Expect: 100-continue\r\n", "Expect: x\r\n", " HTTP/1.1", " HTTP/1.0", " HTTP/2.0", "0\r\n\r\n",
            "fffffffffffffff\r\n", "5;a=b\r\n", "\u00ff\u00fe", "X: " + "v".repeat(300) + "\r\n");

    /** A stream cut into reads at {@code cuts}, parsed with small limits or the defaults. */
    record Case(byte[] wire, int[] cuts, boolean smallLimits) {
        @Override
        public String toString() {
            return Fuzz.show(wire) + " cut at " + Arrays.toString(cuts) + (smallLimits ? " (small limits)" : "");
        }
    }

    @Test
    void aValidPipelineParsesTheSameWhereverItIsCut() {
        Fuzz.forAll(rng -> {
            byte[] wire = pipeline(rng).getBytes(StandardCharsets.ISO_8859_1);
            return new Case(wire, Fuzz.cuts(rng, wire.length, 20), false);
        }).shrinkWith(RequestParserFuzzTest::shrinkCuts).tries(800).check(c -> {
            List<String> whole = parse(new Case(c.wire(), new int[0], false));
            assertThat(whole).noneMatch(e -> e.startsWith("ERROR")).anyMatch(e -> e.startsWith("END"));
            assertThat(parse(c)).isEqualTo(whole);
        });
    }

    @Test
    void hostileBytesGiveRequestsOrADocumentedStatusWhereverTheyAreCut() {
        Fuzz.forAll(RequestParserFuzzTest::hostileCase).shrinkWith(RequestParserFuzzTest::shrinkWire).tries(2500)
                .check(c -> {
                    List<String> split = parse(c);
                    List<String> whole = parse(new Case(c.wire(), new int[0], c.smallLimits()));
                    assertThat(split).isEqualTo(whole);
                    if (!whole.isEmpty() && whole.getLast().startsWith("ERROR")) {
                        int status = Integer.parseInt(whole.getLast().substring(6, 9));
                        assertThat(status).as(whole.getLast()).isIn(DOCUMENTED);
                    }
                });
    }

    /** Found by the fuzzer: a byte 0x80..0xff in the method or a header name threw ArrayIndexOutOfBounds. */
    @Test
    void aNonAsciiByteInTheMethodOrAHeaderNameIs400() {
        assertThat(parse(new Case(new byte[] {(byte) 0xf9, ' ', '\n'}, new int[0], false)))
                .containsExactly("ERROR 400");
        byte[] name = "GET / HTTP/1.1\r\nHost: h\r\nX\u00ff: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parse(new Case(name, new int[0], false))).containsExactly("ERROR 400");
    }

    // --------------------------------------------------------------------------------------- driving

    /**
     * Feeds the reads as {@code HttpConnection} does (append, parse until NEED_MORE, compact) into a pooled
     * direct buffer; events as text: {@code HEAD ...}, {@code BODY ...}, {@code END ...}, {@code ERROR 400}.
     * Any exception other than HttpException escapes and fails the property.
     */
    static List<String> parse(Case c) {
        var parser = c.smallLimits() ? new RequestParser(64, 256, 8, 100) : new RequestParser(8192, 16384, 100,
                1024 * 1024);
        ByteBuf pending = Buffers.allocator().directBuffer(64);
        var events = new ArrayList<String>();
        var body = new StringBuilder();
        try {
            int from = 0;
            for (int i = 0; i <= c.cuts().length; i++) {
                int to = i < c.cuts().length ? c.cuts()[i] : c.wire().length;
                pending.writeBytes(c.wire(), from, to - from);
                from = to;
                for (int ev = parser.parse(pending); ev != RequestParser.NEED_MORE; ev = parser.parse(pending)) {
                    record(parser, ev, events, body);
                }
                pending.discardReadBytes();
            }
        } catch (HttpException e) {
            events.add("ERROR " + e.status());
        } finally {
            pending.release();
        }
        assertThat(pending.refCnt()).as("input released and no body slice kept").isZero();
        return events;
    }

    private static void record(RequestParser parser, int ev, List<String> events, StringBuilder body) {
        switch (ev) {
            case RequestParser.HEAD -> events.add("HEAD " + parser.method() + " " + parser.target() + " "
                    + parser.version() + " len=" + parser.contentLength() + " keepAlive=" + parser.keepAlive()
                    + " continue=" + parser.expectContinue() + " " + parser.headers());
            case RequestParser.CONTENT -> {
                ByteBuf piece = parser.takeContent();
                try {
                    body.append(piece.toString(StandardCharsets.ISO_8859_1));
                } finally {
                    piece.release();
                }
            }
            default -> {
                events.add("END body=" + body + " trailers=" + parser.trailers());
                body.setLength(0);
            }
        }
    }

    // ------------------------------------------------------------------------------------ generating

    /** One to three valid requests back to back: random method, target, fields, and a sized or chunked body. */
    static String pipeline(SplittableRandom rng) {
        var s = new StringBuilder();
        for (int n = 1 + rng.nextInt(3); n > 0; n--) {
            s.append(request(rng));
        }
        return s.toString();
    }

    private static String request(SplittableRandom rng) {
        boolean http11 = rng.nextInt(5) > 0;
        String eol = "\r\n";   // a bare LF is refused (RequestParserTest#leadingEmptyLinesAreAcceptedButABareLfIs400)
        var s = new StringBuilder();
        s.append(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "X-Custom").get(rng.nextInt(7)));
        s.append(' ').append(target(rng)).append(http11 ? " HTTP/1.1" : " HTTP/1.0").append(eol);
        if (http11) {
            s.append("Host: example.test").append(eol);
        }
        for (int i = rng.nextInt(6); i > 0; i--) {
            s.append("X-F").append(rng.nextInt(4)).append(':').append(rng.nextBoolean() ? " " : "")
                    .append(text(rng, 30, false)).append(eol);
        }
        if (rng.nextInt(4) == 0) {
            s.append("Connection: ").append(rng.nextBoolean() ? "close" : "keep-alive").append(eol);
        }
        int body = rng.nextInt(3);
        if (body == 2 && http11) {
            s.append("Transfer-Encoding: chunked").append(eol).append(eol);
            for (int i = rng.nextInt(4); i > 0; i--) {
                String chunk = text(rng, 40, true) + "x";
                s.append(Integer.toHexString(chunk.length())).append(rng.nextBoolean() ? ";ext=1" : "")
                        .append("\r\n").append(chunk).append("\r\n");
            }
            s.append("0\r\n").append(rng.nextBoolean() ? "X-Sum: 1\r\n" : "").append("\r\n");
        } else if (body == 1) {
            String content = text(rng, 60, true);
            s.append("Content-Length: ").append(content.length()).append(eol).append(eol).append(content);
        } else {
            s.append(eol);
        }
        return s.toString();
    }

    private static String target(SplittableRandom rng) {
        String chars = "abcxyz019-._~%/?=&+";
        var s = new StringBuilder("/");
        for (int i = rng.nextInt(30); i > 0; i--) {
            s.append(chars.charAt(rng.nextInt(chars.length())));
        }
        return s.toString();
    }

    /** Visible ASCII and inner spaces; {@code any} allows every byte (bodies). */
    private static String text(SplittableRandom rng, int max, boolean any) {
        var s = new StringBuilder();
        for (int i = rng.nextInt(max + 1); i > 0; i--) {
            s.append((char) (any ? rng.nextInt(256) : rng.nextInt(0x21, 0x7f)));
        }
        return s.toString();
    }

    /** Random bytes, or a valid pipeline after random edits (flips, tokens, deletions, duplicated lines). */
    private static Case hostileCase(SplittableRandom rng) {
        String valid = rng.nextBoolean() ? duplicateALine(rng, pipeline(rng)) : pipeline(rng);
        byte[] wire = rng.nextInt(4) == 0 ? Fuzz.bytes(rng, 300)
                : Fuzz.mutate(rng, valid.getBytes(StandardCharsets.ISO_8859_1), TOKENS);
        return new Case(wire, Fuzz.cuts(rng, wire.length, 12), rng.nextInt(3) == 0);
    }

    /** The pipeline with one of its lines (a header field, often) repeated, sometimes with another value. */
    private static String duplicateALine(SplittableRandom rng, String pipeline) {
        List<String> lines = new ArrayList<>(Arrays.asList(pipeline.split("(?<=\n)")));
        int i = rng.nextInt(lines.size());
        String line = lines.get(i);
        lines.add(i, rng.nextBoolean() ? line : line.replaceAll("[0-9]", String.valueOf(rng.nextInt(10))));
        return String.join("", lines);
    }

    private static List<Case> shrinkCuts(Case c) {
        var out = new ArrayList<Case>();
        for (int i = 0; i < c.cuts().length; i++) {
            int[] fewer = new int[c.cuts().length - 1];
            System.arraycopy(c.cuts(), 0, fewer, 0, i);
            System.arraycopy(c.cuts(), i + 1, fewer, i, fewer.length - i);
            out.add(new Case(c.wire(), fewer, c.smallLimits()));
        }
        return out;
    }

    private static List<Case> shrinkWire(Case c) {
        var out = new ArrayList<>(shrinkCuts(c));
        for (byte[] shorter : Fuzz.shrinkBytes(c.wire())) {
            out.add(new Case(shorter, Arrays.stream(c.cuts()).filter(x -> x < shorter.length).toArray(),
                    c.smallLimits()));
        }
        return out;
    }
}
