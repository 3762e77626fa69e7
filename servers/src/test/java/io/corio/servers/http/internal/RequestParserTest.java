package io.corio.servers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parser: events, split reads, limits and every smuggling case, without a loop or a socket. */
class RequestParserTest {
    private static final String GET = "GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String POST = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
    private static final String CHUNKED = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nX-Sum: 7\r\n\r\n";
    private static final String PIPELINE = GET + POST + CHUNKED;
    private static final List<String> PIPELINE_EVENTS = List.of(
            "HEAD GET /a?x=1 HTTP/1.1 len=0 keepAlive", "END",
            "HEAD POST /p HTTP/1.1 len=5 keepAlive", "BODY hello", "END",
            "HEAD POST /c HTTP/1.1 len=-1 keepAlive", "BODY Wikipedia in \r\n\r\nchunks.", "END trailers=HttpHeaders[X-Sum: 7]");

    private static List<String> parse(String text) {
        return ParserFeed.defaults().feed(text);
    }

    private static String lastEvent(String text) {
        return parse(text).getLast();
    }

    @Test
    void aPipelineOfThreeRequestsGivesHeadsBodiesAndEnds() {
        assertThat(parse(PIPELINE)).isEqualTo(PIPELINE_EVENTS);
    }

    @Test
    void everySplitPointGivesTheSameEvents() {
        for (int cut = 1; cut < PIPELINE.length(); cut++) {
            assertThat(ParserFeed.defaults().feed(PIPELINE, cut)).as("cut at %d", cut).isEqualTo(PIPELINE_EVENTS);
        }
        assertThat(ParserFeed.defaults().feedBytewise(PIPELINE)).isEqualTo(PIPELINE_EVENTS);
    }

    @Test
    void keepAliveFollowsVersionAndConnectionHeader() {
        assertThat(lastEvent("GET / HTTP/1.0\r\n\r\n")).isEqualTo("END");
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").getFirst()).isEqualTo("HEAD GET / HTTP/1.0 len=0");
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").getFirst()).endsWith("keepAlive");
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").getFirst()).doesNotEndWith("keepAlive");
    }

    @Test
    void leadingEmptyLinesAreAcceptedButABareLfIs400() {
        assertThat(parse("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").getFirst())
                .isEqualTo("HEAD GET / HTTP/1.1 len=0 keepAlive");
        for (String head : new String[] {"\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", "GET / HTTP/1.1\nHost: h\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: h\n\r\n", "GET / HTTP/1.1\r\nHost: h\r\n\n"}) {
            assertThat(lastEvent(head)).isEqualTo("ERROR 400 line ended by a bare LF (CRLF is required)");
        }
    }

    @Test
    void headerNamesAreCaseInsensitiveAndValuesTrimmed() {
        var feed = ParserFeed.defaults();
        feed.feed("GET / HTTP/1.1\r\nhOsT:  h  \r\nX-A: 1\r\nx-a: 2\r\n\r\n");
        assertThat(feed.headers().get("host")).isEqualTo("h");
        assertThat(feed.headers().getAll("X-A")).containsExactly("1", "2");
    }

    @Test
    void requestLineOverTheLimitIs414EvenBeforeItEnds() {
        String longTarget = "/" + "a".repeat(8200);
        assertThat(lastEvent("GET " + longTarget + " HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("ERROR 414");
        assertThat(lastEvent("GET " + longTarget)).startsWith("ERROR 414");
    }

    @Test
    void headerSectionOverTheLimitIs431() {
        String big = "X-Big: " + "b".repeat(17000) + "\r\n";
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\r\n" + big + "\r\n")).startsWith("ERROR 431");
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(17000))).startsWith("ERROR 431");
    }

    @Test
    void moreThanAHundredFieldsIs431() {
        String fields = "X-F: 1\r\n".repeat(100);
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n")).startsWith("ERROR 431 more than 100");
    }

    @Test
    void bodyOverTheLimitIs413ForLengthAndForChunks() {
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1048577\r\n\r\n")).startsWith("ERROR 413");
        var small = new ParserFeed(new RequestParser(8192, 16384, 100, 10));
        assertThat(small.feed("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n")
                .getLast()).startsWith("ERROR 413");
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n"))
                .startsWith("ERROR 413");
    }

    @Test
    void contentLengthWithTransferEncodingIs400() {
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isEqualTo("ERROR 400 both Content-Length and Transfer-Encoding");
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"))
                .isEqualTo("ERROR 400 both Content-Length and Transfer-Encoding");
    }

    @Test
    void differingContentLengthsAre400AndRepeatedEqualOnesAccepted() {
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"))
                .startsWith("ERROR 400 conflicting Content-Length");
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\n"))
                .startsWith("ERROR 400 conflicting Content-Length");
        assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc"))
                .containsExactly("HEAD POST / HTTP/1.1 len=3 keepAlive", "BODY abc", "END");
    }

    @Test
    void malformedContentLengthIs400() {
        for (String value : List.of("", "+3", "-1", "3a", "0x10", "1 2")) {
            assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + value + "\r\n\r\n"))
                    .as(value).startsWith("ERROR 400");
        }
    }

    @Test
    void transferEncodingThatDoesNotEndInChunkedIs400() {
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n")).startsWith("ERROR 400");
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity\r\n\r\n")).startsWith("ERROR 400");
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .startsWith("ERROR 400");
        assertThat(lastEvent("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).startsWith("ERROR 501");
    }

    @Test
    void chunkedInHttp10Is400() {
        assertThat(lastEvent("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isEqualTo("ERROR 400 Transfer-Encoding in an HTTP/1.0 request");
    }

    @Test
    void badChunkSizesAre400() {
        String head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String size : List.of("zz", "", "-1", " 5", "5 x", "1234567890abcdef0")) {
            assertThat(lastEvent(head + size + "\r\n")).as("size \"%s\"", size).startsWith("ERROR 400");
        }
        assertThat(lastEvent(head + "3\r\nabcX\r\n")).isEqualTo("ERROR 400 chunk data not followed by CRLF");
        assertThat(lastEvent(head + "3\nabc\r\n")).isEqualTo("ERROR 400 chunk size line not ended by CRLF");
        assertThat(lastEvent(head + "0\r\n\n")).isEqualTo("ERROR 400 line ended by a bare LF (CRLF is required)");
    }

    @Test
    void obsoleteLineFoldingIs400() {
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  continued\r\n\r\n"))
                .startsWith("ERROR 400 obsolete line folding");
    }

    @Test
    void whitespaceBeforeTheColonIs400() {
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost : h\r\n\r\n")).startsWith("ERROR 400 invalid character 0x20");
    }

    @Test
    void bareCrAndControlCharactersAre400() {
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\rX: 1\r\n\r\n")).startsWith("ERROR 400 invalid character 0x0d");
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\u0001\r\n\r\n")).startsWith("ERROR 400 invalid character 0x01");
        assertThat(lastEvent("G(T / HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("ERROR 400 invalid character 0x28 in the method");
        assertThat(lastEvent("GET /a\u007fb HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("ERROR 400 invalid character 0x7f");
        assertThat(lastEvent("GET  / HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("ERROR 400 malformed request line");
    }

    @Test
    void hostIsRequiredOnceIn11() {
        assertThat(lastEvent("GET / HTTP/1.1\r\n\r\n")).startsWith("ERROR 400 missing Host");
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).startsWith("ERROR 400 more than one Host");
        assertThat(lastEvent("GET / HTTP/1.0\r\n\r\n")).isEqualTo("END");
    }

    @Test
    void versionsOtherThan10And11AreRefused() {
        assertThat(lastEvent("GET / HTTP/2.0\r\nHost: h\r\n\r\n")).startsWith("ERROR 505");
        assertThat(lastEvent("GET / HTTP/1.1x\r\nHost: h\r\n\r\n")).startsWith("ERROR 400 malformed HTTP version");
        assertThat(lastEvent("GET / http/1.1\r\nHost: h\r\n\r\n")).startsWith("ERROR 400 malformed HTTP version");
    }

    @Test
    void expectationsOtherThanContinueAre417() {
        assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx").getFirst())
                .endsWith("continue");
        assertThat(lastEvent("GET / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n")).startsWith("ERROR 417");
    }
}
