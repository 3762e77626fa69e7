package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Server;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StaticFiles} behind the real server on loopback, asked by curl. */
class StaticFilesCurlTest {
    private static final long LIMIT_SECONDS = 30;
    private final EventLoop loop = EventLoop.create();
    private Server server;
    private String base;
    private byte[] big;

    @TempDir
    Path temp;

    @BeforeEach
    void serve() throws IOException {
        Assumptions.assumeTrue(new File("/usr/bin/curl").canExecute() || onPath("curl"), () -> {
            System.out.println("skipped: curl is not installed");
            return "curl is not installed";
        });
        Path root = Files.createDirectory(temp.resolve("root"));
        big = new byte[3 * 1024 * 1024 + 7];
        new Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(temp.resolve("secret.txt"), "secret\n");
        server = loop.runUntilComplete(HttpServer.start(loop, StaticFiles.serve(root), "127.0.0.1", 0,
                HttpServerOptions.DEFAULTS));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
            server.abortClients();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    @Test
    void curlDownloadsAThreeMebibyteFileByteExact() throws Exception {
        Path out = temp.resolve("out.bin");
        String status = curl("-s", "-o", out.toString(), "-w", "%{http_code} %{content_type}", base + "/big.bin");
        assertThat(status).isEqualTo("200 application/octet-stream");
        assertThat(Files.readAllBytes(out)).isEqualTo(big);
    }

    @Test
    void curlRangeGetsExactlyTheBytesAskedWith206() throws Exception {
        Path out = temp.resolve("part.bin");
        String head = curl("-s", "-r", "0-9", "-D", "-", "-o", out.toString(), base + "/big.bin");
        assertThat(head).startsWith("HTTP/1.1 206").contains("Content-Range: bytes 0-9/" + big.length)
                .contains("Content-Length: 10");
        assertThat(Files.readAllBytes(out)).isEqualTo(java.util.Arrays.copyOf(big, 10));
        String past = curl("-s", "-r", big.length + "-", "-o", "/dev/null", "-w", "%{http_code}", base + "/big.bin");
        assertThat(past).isEqualTo("416");
    }

    @Test
    void curlHeadShowsLengthTypeAndValidatorsWithoutABody() throws Exception {
        String head = curl("-sI", base + "/");
        assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 14")
                .contains("Content-Type: text/html; charset=utf-8").contains("ETag: \"").contains("Last-Modified: ")
                .doesNotContain("<h1>");
    }

    @Test
    void curlWithTheEtagInIfNoneMatchGets304() throws Exception {
        String etag = curl("-sI", base + "/big.bin").lines().filter(l -> l.startsWith("ETag: "))
                .findFirst().orElseThrow().substring(6).strip();
        String status = curl("-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}", "-H",
                "If-None-Match: " + etag, base + "/big.bin");
        assertThat(status).isEqualTo("304 0");
    }

    @Test
    void curlTraversalAttemptsAre400AndNeverReachTheFileOutside() throws Exception {
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt")) {
            String out = curl("-s", "--path-as-is", "-w", " %{http_code}", base + path);
            assertThat(out).as(path).endsWith(" 400").doesNotContain("secret\n");
        }
    }

    private String curl(String... args) throws Exception {
        var command = new ArrayList<String>();
        command.add("curl");
        command.add("--max-time");
        command.add(String.valueOf(LIMIT_SECONDS));
        command.addAll(List.of(args));
        Future<String> output = Future.of(loop, CompletableFuture.supplyAsync(() -> {
            try {
                Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                byte[] bytes = p.getInputStream().readAllBytes();
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        return loop.runUntilComplete(output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
