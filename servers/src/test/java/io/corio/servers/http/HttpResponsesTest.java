package io.corio.servers.http;

import static io.corio.servers.http.HttpFixture.closedByServer;
import static io.corio.servers.http.HttpFixture.received;
import static org.assertj.core.api.Assertions.assertThat;

import io.corio.transports.Buffers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of response body on the wire, the access log and the JSON helpers, on in-memory connections. */
class HttpResponsesTest {
    private static final String GET = "GET /x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n";
    private HttpFixture fixture;

    @TempDir
    Path temp;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private String answer(HttpHandler handler, String request) {
        fixture = new HttpFixture(handler);
        var c = fixture.connect();
        fixture.send(c, request);
        return received(c);
    }

    @Test
    void jsonInAndOut() {
        String out = answer(r -> HttpResponse.json(Map.of("sum", ((List<?>) r.json(Map.class).get("n")).size())),
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\n{\"n\": [1, 2, 3]}");
        assertThat(out).contains("Content-Type: application/json\r\n", "Content-Length: 9\r\n").endsWith("{\"sum\":3}");
    }

    @Test
    void aByteBufBodyIsSentAndReleased() {
        var body = Buffers.utf8("pooled");
        String out = answer(r -> HttpResponse.buffer(200, "text/plain", body), GET);
        assertThat(out).endsWith("Content-Length: 6\r\n\r\npooled");
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void aFileRegionIsSentWithItsLength() throws Exception {
        Path file = Files.writeString(temp.resolve("f.txt"), "0123456789".repeat(10_000));
        String out = answer(r -> HttpResponse.file(file, 5, 70_000).contentType("text/plain"), GET);
        assertThat(out).contains("Content-Length: 70000\r\n");
        assertThat(out.substring(out.indexOf("\r\n\r\n") + 4)).hasSize(70_000).startsWith("56789");
    }

    @Test
    void anHttp10ClientGetsAStreamDelimitedByClose() {
        fixture = new HttpFixture(r -> HttpResponse.stream(200, "text/plain", out -> out.write("streamed")));
        var c = fixture.connect();
        fixture.send(c, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(received(c)).doesNotContain("chunked", "Content-Length").contains("Connection: close\r\n")
                .endsWith("\r\n\r\nstreamed");
        assertThat(closedByServer(c)).isTrue();
    }

    @Test
    void headOfAStreamDoesNotRunTheWriter() {
        String out = answer(r -> HttpResponse.stream(200, "text/plain", o -> {
            throw new AssertionError("the writer must not run for HEAD");
        }), "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(out).contains("Transfer-Encoding: chunked\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void aHandlerReturningNullIs500() {
        String out = answer(r -> null, GET);
        assertThat(out).startsWith("HTTP/1.1 500 Internal Server Error");
        assertThat(fixture.errors).singleElement().extracting(Throwable::getMessage).asString()
                .contains("returned null");
    }

    @Test
    void noContentHasNoLengthAndUserHeadersAreKept() {
        String out = answer(r -> HttpResponse.of(204).header("X-Trace", "t1").header("Content-Length", "99"), GET);
        assertThat(out).isEqualTo("HTTP/1.1 204 No Content\r\nX-Trace: t1\r\nServer: corio\r\n\r\n");
    }

    @Test
    void theAccessLogHasOneCommonLogLinePerRequest() {
        List<String> lines = new ArrayList<>();
        fixture = new HttpFixture(r -> HttpResponse.text("hello"), HttpServerOptions.DEFAULTS.withAccessLog(lines::add));
        var c = fixture.connect();
        fixture.send(c, GET + GET);
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).matches("memory:client - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\] "
                + "\"GET /x\\?y=1 HTTP/1.1\" 200 5 \\d+");
    }

    @Test
    void textIsEncodedAsUtf8() {
        String out = answer(r -> HttpResponse.text("h\u00e9llo \u2603"), GET);
        assertThat(out).contains("Content-Length: 10\r\n").endsWith("h\u00e9llo \u2603");
    }
}
