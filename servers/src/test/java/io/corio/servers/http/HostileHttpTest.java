package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.servers.HostileClients;
import io.corio.transports.Server;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Oversized, malformed and smuggling requests over real loopback sockets. Each is followed on the same connection
 * by a second request for {@code /smuggled}: the server must answer the bad one with its status and
 * {@code Connection: close}, close, and never run the handler for the second request.
 */
class HostileHttpTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n";
    private static final String POST = "POST / HTTP/1.1\r\nHost: x\r\n";
    private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3}) ");
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\r\n\r\n";

    private final EventLoop loop = EventLoop.create();
    private final AtomicInteger smuggledRuns = new AtomicInteger();
    private Server server;

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
            server.abortClients();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    private int serve() {
        HttpHandler handler = r -> {
            if (r.path().equals("/smuggled")) {
                smuggledRuns.incrementAndGet();
            }
            return HttpResponse.text("body of " + r.body().await().length + " bytes\n");
        };
        server = loop.runUntilComplete(HttpServer.start(loop, handler, "127.0.0.1", 0, HttpServerOptions.DEFAULTS));
        return server.port();
    }

    static Stream<Arguments> hostileRequests() {
        return Stream.of(
                // oversized and malformed (RFC 9112 sections 3, 2.3, 3.2, 6.1; RFC 9110 section 15)
                bad(414, "request line over 8 KiB", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                bad(431, "header section over 16 KiB", GET + "X-Big: " + "b".repeat(17_000) + "\r\n\r\n"),
                bad(431, "101 header fields", GET + "X-A: 1\r\n".repeat(101) + "\r\n"),
                bad(413, "Content-Length over the body limit", POST + "Content-Length: 2000000\r\n\r\n"),
                bad(413, "chunk over the body limit", CHUNKED + "200000\r\n"),
                bad(505, "HTTP/2.0 request line", "GET / HTTP/2.0\r\nHost: x\r\n\r\n"),
                bad(505, "HTTP/1.2 request line", "GET / HTTP/1.2\r\nHost: x\r\n\r\n"),
                bad(400, "malformed version", "GET / HTTX/1.1\r\nHost: x\r\n\r\n"),
                bad(400, "invalid method character", "G@T / HTTP/1.1\r\nHost: x\r\n\r\n"),
                bad(400, "binary garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u00fc\u0003\u0003\r\n\r\n"),
                bad(400, "missing Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n"),
                bad(501, "gzip transfer coding", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
                // request smuggling (RFC 9112 sections 6.1, 6.3, 2.2, 5.1, 5.2, 7, 7.1; RFC 9110 sections 5.5, 8.6)
                bad(400, "Content-Length and Transfer-Encoding",
                        POST + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad(400, "two different Content-Length", POST + "Content-Length: 3\r\nContent-Length: 0\r\n\r\nabc"),
                bad(400, "Content-Length list that differs", POST + "Content-Length: 3, 0\r\n\r\nabc"),
                bad(400, "Content-Length +5", POST + "Content-Length: +5\r\n\r\nabcde"),
                bad(400, "Content-Length -1", POST + "Content-Length: -1\r\n\r\n"),
                bad(400, "Content-Length 0x10", POST + "Content-Length: 0x10\r\n\r\n"),
                bad(400, "Content-Length with a space inside", POST + "Content-Length: 1 0\r\n\r\n0123456789"),
                bad(400, "Transfer-Encoding chunked, identity",
                        POST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
                bad(400, "Transfer-Encoding xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                bad(400, "chunked twice",
                        POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad(400, "Transfer-Encoding in HTTP/1.0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                bad(400, "obs-fold continuation line", GET + "X-A: 1\r\n Content-Length: 5\r\n\r\n"),
                bad(400, "bare LF after the request line", "GET / HTTP/1.1\nHost: x\r\n\r\n"),
                bad(400, "bare LF ending a header", "GET / HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n"),
                bad(400, "bare LF ending the head", GET + "\n"),
                bad(400, "bare CR in the request line", "GET / HTTP/1.1\rHost: x\r\n\r\n"),
                bad(400, "bare CR in a header", "GET / HTTP/1.1\r\nHost: x\rContent-Length: 5\r\n\r\n"),
                bad(400, "NUL in a header value", GET + "X-A: a\u0000b\r\n\r\n"),
                bad(400, "space before the colon", POST + "Content-Length : 5\r\n\r\nabcde"),
                bad(400, "chunk size overflow", CHUNKED + "ffffffffffffffffff\r\n"),
                bad(400, "chunk size not hex", CHUNKED + "zz\r\n"),
                bad(400, "chunk extension over 4 KiB", CHUNKED + "5;" + "e".repeat(5000) + "\r\nhello\r\n0\r\n\r\n"),
                bad(400, "chunk data without CRLF", CHUNKED + "5\r\nhelloXX0\r\n\r\n"),
                bad(400, "chunk size line ended by bare LF", CHUNKED + "5\nhello\r\n0\r\n\r\n"));
    }

    private static Arguments bad(int status, String name, String request) {
        return Arguments.of(name, request, status);
    }

    @ParameterizedTest(name = "{0} is {2} and close")
    @MethodSource("hostileRequests")
    void aHostileRequestGetsItsStatusThenACloseAndTheRequestBehindItIsNeverRun(String name, String request,
            int status) {
        int port = serve();
        byte[] bytes = (request + SMUGGLED).getBytes(StandardCharsets.ISO_8859_1);
        String answer = HostileClients.run(loop, () -> HostileClients.exchange(port, bytes));

        assertThat(answer).as(name).startsWith("HTTP/1.1 " + status + " ");
        assertThat(answer.toLowerCase()).as(name).contains("\r\nconnection: close\r\n");
        assertThat(STATUS_LINE.matcher(answer).results().count()).as(name + ": one response only").isEqualTo(1);
        assertThat(answer).as(name + ": closed by the server").doesNotEndWith("<timeout>");
        assertThat(smuggledRuns).as(name + ": the smuggled request never ran").hasValue(0);
    }

    @Test
    void theSameConnectionWithoutTheHostileRequestRunsBothRequests() {
        int port = serve();
        byte[] bytes = (GET + "\r\n" + SMUGGLED.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
                .getBytes(StandardCharsets.ISO_8859_1);
        String answer = HostileClients.run(loop, () -> HostileClients.exchange(port, bytes));

        assertThat(STATUS_LINE.matcher(answer).results().map(m -> m.group(1))).containsExactly("200", "200");
        assertThat(smuggledRuns).hasValue(1);
    }
}
