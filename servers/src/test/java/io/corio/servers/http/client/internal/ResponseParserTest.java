package io.corio.servers.http.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.servers.http.client.HttpClientException;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.servers.http.client.internal.ResponseParser.Event;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response parser alone: every response is also cut at every byte boundary and fed in two pieces. */
class ResponseParserTest {
    private static final String FIXED = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
            + "X-A: 1\r\nx-a: 2\r\n\r\nhello";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n";

    /** What one parse produced. */
    record Parsed(int status, String reason, String headers, String body, String trailers, boolean ended,
                  boolean reusable) {
    }

    static Parsed parse(boolean head, boolean eof, byte[]... pieces) {
        var parser = new ResponseParser(16 * 1024);
        parser.start(head);
        ByteBuf in = Unpooled.buffer();
        var body = new ByteArrayOutputStream();
        boolean ended = false;
        try {
            for (byte[] piece : pieces) {
                in.writeBytes(piece);
                Event e;
                while (!ended && (e = parser.next(in)) != Event.NEED_MORE) {
                    if (e == Event.BODY) {
                        byte[] b = new byte[parser.body().readableBytes()];
                        parser.body().getBytes(parser.body().readerIndex(), b);
                        body.writeBytes(b);
                    }
                    ended = e == Event.END;
                }
                in.discardReadBytes();
            }
            if (eof && !ended) {
                ended = parser.endOfInput() == Event.END;
            }
        } finally {
            in.release();
        }
        return new Parsed(parser.status(), parser.reason(), String.valueOf(parser.headers()),
                body.toString(StandardCharsets.ISO_8859_1), ended ? parser.trailers().toString() : null, ended,
                parser.reusable());
    }

    static Parsed parse(String response) {
        return parse(false, false, bytes(response));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Parses {@code response} whole, then cut at every point, and byte by byte; all must agree. */
    static Parsed parseAtEverySplit(String response, boolean head, boolean eof) {
        byte[] all = bytes(response);
        Parsed whole = parse(head, eof, all);
        for (int i = 1; i < all.length; i++) {
            Parsed split = parse(head, eof, Arrays.copyOfRange(all, 0, i), Arrays.copyOfRange(all, i, all.length));
            assertThat(split).as("split at %d", i).isEqualTo(whole);
        }
        List<byte[]> single = new ArrayList<>();
        for (byte b : all) {
            single.add(new byte[] {b});
        }
        assertThat(parse(head, eof, single.toArray(byte[][]::new))).as("byte by byte").isEqualTo(whole);
        return whole;
    }

    @Test
    void contentLengthResponseParsesTheSameAtEverySplitPoint() {
        Parsed p = parseAtEverySplit(FIXED, false, false);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.reason()).isEqualTo("OK");
        assertThat(p.headers()).contains("X-A: 1, x-a: 2");
        assertThat(p.body()).isEqualTo("hello");
        assertThat(p.ended()).isTrue();
        assertThat(p.reusable()).isTrue();
    }

    @Test
    void chunkedResponseWithExtensionsAndTrailersParsesTheSameAtEverySplitPoint() {
        Parsed p = parseAtEverySplit(CHUNKED, false, false);
        assertThat(p.body()).isEqualTo("hello, world");
        assertThat(p.trailers()).isEqualTo("HttpClientHeaders[X-Checksum: abc]");
        assertThat(p.ended()).isTrue();
        assertThat(p.reusable()).isTrue();
    }

    @Test
    void interimResponsesAreSkippedAtEverySplitPoint() {
        Parsed p = parseAtEverySplit("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", false, false);
        assertThat(p.status()).isEqualTo(201);
        assertThat(p.headers()).doesNotContain("Link");
        assertThat(p.body()).isEqualTo("ok");
    }

    @Test
    void bodyReadUntilCloseEndsAtEndOfInputAndIsNotReusable() {
        Parsed p = parseAtEverySplit("HTTP/1.1 200 OK\r\n\r\nall of it", false, true);
        assertThat(p.body()).isEqualTo("all of it");
        assertThat(p.ended()).isTrue();
        assertThat(p.reusable()).isFalse();
    }

    @Test
    void responsesToHeadAnd204And304HaveNoBody() {
        assertThat(parse(true, false, bytes("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n")))
                .extracting(Parsed::ended, Parsed::body, Parsed::reusable).containsExactly(true, "", true);
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n").ended()).isTrue();
        assertThat(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n").ended()).isTrue();
    }

    @Test
    void connectionCloseAndHttp10WithoutKeepAliveAreNotReusable() {
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").reusable()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").reusable()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").reusable())
                .isTrue();
    }

    @Test
    void foldedFieldIsJoinedWithASpaceAndBareLineFeedsAreAccepted() {
        Parsed p = parse("HTTP/1.1 200 OK\nX-Long: a\n  b\nX-Long: c\nContent-Length: 0\n\n");
        assertThat(p.headers()).isEqualTo("HttpClientHeaders[X-Long: a b, X-Long: c, Content-Length: 0]");
    }

    @Test
    void bytesAfterTheResponseStayInTheBufferForTheNextOne() {
        var parser = new ResponseParser(1024);
        ByteBuf in = Unpooled.copiedBuffer(bytes(FIXED + "HTTP/1.1 204 No Content\r\n\r\n"));
        try {
            parser.start(false);
            while (parser.next(in) != Event.END) {
                assertThat(in.readableBytes()).isGreaterThan(0);
            }
            parser.start(false);
            assertThat(parser.next(in)).isEqualTo(Event.HEAD);
            assertThat(parser.status()).isEqualTo(204);
            assertThat(parser.next(in)).isEqualTo(Event.END);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    private static void assertMalformed(String response, String message) {
        assertThatThrownBy(() -> parse(false, true, bytes(response)))
                .isInstanceOfSatisfying(HttpClientException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining(message);
    }

    @Test
    void badStatusLinesAreRejectedWithTheLine() {
        assertMalformed("HTTP/2.0 200 OK\r\n\r\n", "bad status line \"HTTP/2.0 200 OK\"");
        assertMalformed("HTTP/1.2 200 OK\r\n\r\n", "unsupported HTTP version");
        assertMalformed("HTTP/1.1 2x0 OK\r\n\r\n", "bad status code");
        assertMalformed("HTTP/1.1 099 Low\r\n\r\n", "out of range");
        assertMalformed("SSH-2.0-OpenSSH_9.6\r\n", "bad status line \"SSH-2.0-OpenSSH_9.6\"");
    }

    @Test
    void badFieldsAreRejected() {
        assertMalformed("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "bad character in field name");
        assertMalformed("HTTP/1.1 200 OK\r\nName : v\r\n\r\n", "bad character in field name");
        assertMalformed("HTTP/1.1 200 OK\r\n: v\r\n\r\n", "empty field name");
        assertMalformed("HTTP/1.1 200 OK\r\n folded\r\n\r\n", "continuation line before any field");
        assertMalformed("HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n", "CR, LF or NUL");
    }

    @Test
    void badLengthsAreRejected() {
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "conflicting");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n", "conflicting");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length \"-1\"");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n", "bad Content-Length");
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok").body())
                .isEqualTo("ok");
    }

    @Test
    void badChunksAreRejected() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertMalformed(head + "zz\r\n", "bad chunk size line \"zz\"");
        assertMalformed(head + "1000000000000000\r\n", "chunk size too large");
        assertMalformed(head + "3\r\nabcdef\r\n", "chunk data longer than its size");
        assertMalformed(head + "3 x\r\nabc\r\n", "bad chunk size line");
    }

    @Test
    void headLargerThanTheLimitIsTooLarge() {
        var parser = new ResponseParser(64);
        parser.start(false);
        ByteBuf in = Unpooled.copiedBuffer(bytes("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(100) + "\r\n\r\n"));
        try {
            assertThatThrownBy(() -> parser.next(in)).isInstanceOfSatisfying(HttpClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE)).hasMessageContaining("larger than 64 bytes");
        } finally {
            in.release();
        }
    }

    @Test
    void endOfInputInsideTheResponseSaysHowFarItGot() {
        assertThatThrownBy(() -> parse(false, true, bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")))
                .isInstanceOfSatisfying(HttpClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.CLOSED);
                    assertThat(e.beforeResponse()).isFalse();
                }).hasMessageContaining("after 3 of 10 body bytes");
        assertThatThrownBy(() -> parse(false, true, new byte[0]))
                .isInstanceOfSatisfying(HttpClientException.class, e -> assertThat(e.beforeResponse()).isTrue());
        assertThatThrownBy(() -> parse(false, true, bytes(CHUNKED.substring(0, CHUNKED.length() - 4))))
                .hasMessageContaining("in a chunked body after 12 bytes");
    }
}
