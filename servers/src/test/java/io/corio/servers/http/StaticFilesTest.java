package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static file handler without sockets: requests built in the test, responses inspected (and released). */
class StaticFilesTest {
    @TempDir
    Path dir;
    private Path root;
    private StaticFiles files;
    private final List<HttpResponse> responses = new ArrayList<>();

    @BeforeEach
    void createTree() throws IOException {
        root = Files.createDirectory(dir.resolve("root"));
        Files.writeString(root.resolve("hello.txt"), "Hello, files!\n");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve(".env"), "SECRET=1");
        Files.writeString(dir.resolve("outside.txt"), "outside");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("outside.txt"));
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("hello.txt"));
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        files = StaticFiles.serve(root);
    }

    @AfterEach
    void releaseResponses() {
        responses.forEach(HttpResponse::release);
    }

    private HttpResponse get(String target, String... headers) throws Exception {
        return send("GET", target, headers);
    }

    private HttpResponse send(String method, String target, String... headers) throws Exception {
        var h = new HttpHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        HttpResponse response = files.handle(new BodilessRequest(method, target, h));
        responses.add(response);
        return response;
    }

    @Test
    void aFileIsServedWholeWithItsTypeAndValidators() throws Exception {
        HttpResponse r = get("/hello.txt");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyKind()).isEqualTo(HttpResponse.BodyKind.FILE);
        assertThat(r.bodyLength()).isEqualTo(14);
        assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.headers().get("Last-Modified")).isEqualTo("Fri, 02 Jan 2026 03:04:05 GMT");
        assertThat(r.headers().get("ETag")).startsWith("\"");
        assertThat(r.headers().get("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void aDirectoryServesItsIndexAndWithoutTheSlashRedirects() throws Exception {
        assertThat(get("/docs/").contentType()).isEqualTo("text/html; charset=utf-8");
        HttpResponse redirect = get("/docs?x=1");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.headers().get("Location")).isEqualTo("/docs/?x=1");
        assertThat(get("/empty/").status()).as("no listing").isEqualTo(404);
    }

    @Test
    void traversalIsRefusedWith400AndEscapingLinksAndDotFilesAre404() throws Exception {
        for (String bad : List.of("/../outside.txt", "/%2e%2e/outside.txt", "/docs/..%2f..%2foutside.txt",
                "/hello.txt%00.html")) {
            assertThatThrownBy(() -> get(bad)).as(bad).isInstanceOfSatisfying(HttpException.class,
                    e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(get("/escape.txt").status()).isEqualTo(404);
        assertThat(get("/.env").status()).isEqualTo(404);
        assertThat(get("/alias.txt").status()).as("a link inside the root").isEqualTo(200);
        assertThat(get("/missing.txt").status()).isEqualTo(404);
    }

    @Test
    void matchingValidatorsAnswer304() throws Exception {
        String etag = get("/hello.txt").headers().get("ETag");
        HttpResponse r = get("/hello.txt", "If-None-Match", "\"x\", " + etag);
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.bodyKind()).isEqualTo(HttpResponse.BodyKind.EMPTY);
        assertThat(r.headers().get("ETag")).isEqualTo(etag);
        assertThat(get("/hello.txt", "If-Modified-Since", "Fri, 02 Jan 2026 03:04:05 GMT").status()).isEqualTo(304);
        assertThat(get("/hello.txt", "If-Modified-Since", "Fri, 02 Jan 2026 03:04:04 GMT").status()).isEqualTo(200);
        assertThat(get("/hello.txt", "If-None-Match", "\"x\"", "If-Modified-Since",
                "Fri, 02 Jan 2026 03:04:05 GMT").status()).as("If-None-Match wins").isEqualTo(200);
    }

    @Test
    void aSingleRangeAnswers206AndOnePastTheEnd416() throws Exception {
        HttpResponse r = get("/hello.txt", "Range", "bytes=0-4");
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.filePosition()).isZero();
        assertThat(r.bodyLength()).isEqualTo(5);
        assertThat(r.headers().get("Content-Range")).isEqualTo("bytes 0-4/14");
        HttpResponse tail = get("/hello.txt", "Range", "bytes=-6");
        assertThat(tail.filePosition()).isEqualTo(8);
        HttpResponse past = get("/hello.txt", "Range", "bytes=14-");
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.headers().get("Content-Range")).isEqualTo("bytes */14");
    }

    @Test
    void severalRangesOrAStaleIfRangeServeTheWholeFile() throws Exception {
        assertThat(get("/hello.txt", "Range", "bytes=0-1,4-5").status()).isEqualTo(200);
        assertThat(get("/hello.txt", "Range", "bytes=0-1", "If-Range", "\"stale\"").status()).isEqualTo(200);
        String etag = get("/hello.txt").headers().get("ETag");
        assertThat(get("/hello.txt", "Range", "bytes=0-1", "If-Range", etag).status()).isEqualTo(206);
    }

    @Test
    void otherMethodsAre405WithAllowAndHeadIsLikeGet() throws Exception {
        HttpResponse post = send("POST", "/hello.txt");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers().get("Allow")).isEqualTo("GET, HEAD");
        assertThat(send("HEAD", "/hello.txt").bodyLength()).isEqualTo(14);
    }

    @Test
    void aPrefixIsStrippedAndPathsOutsideItAre404() throws Exception {
        files = StaticFiles.serve(root, "/static");
        assertThat(get("/static/hello.txt").status()).isEqualTo(200);
        assertThat(get("/statichello.txt").status()).isEqualTo(404);
        assertThat(get("/static").status()).isEqualTo(301);
        assertThat(get("/hello.txt").status()).isEqualTo(404);
    }

    @Test
    void aRootThatIsNotADirectoryIsRefusedAtOnce() {
        assertThatThrownBy(() -> StaticFiles.serve(root.resolve("hello.txt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        assertThatThrownBy(() -> StaticFiles.serve(root.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaticFiles.serve(root, "static/"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
