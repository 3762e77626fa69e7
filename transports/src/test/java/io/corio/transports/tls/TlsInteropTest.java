package io.corio.transports.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** TLS against peers nobody here wrote: openssl s_client/s_server and Python's asyncio/ssl, over real TCP. */
class TlsInteropTest {
    private static final long LIMIT_SECONDS = 30;
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void opensslClientVerifiesAndTalksToACorioServer() throws Exception {
        requireTool("openssl");
        Server server = loop.runUntilComplete(Network.createServer(loop, Reply::new, "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withTls(TlsFixtures.build(TlsFixtures.server().alpn("h2")))));
        String out = runPeer(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                "-servername", "localhost", "-CAfile", TlsFixtures.CA_PEM.toString(), "-verify_return_error",
                "-alpn", "h2", "-ign_eof"), "ping\n", server);
        assertThat(out).contains("Verify return code: 0 (ok)", "ALPN protocol: h2", "pong:ping");
    }

    @Test
    void corioClientTalksToOpensslServer() throws Exception {
        requireTool("openssl");
        int port = freePort();
        var peer = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                "-cert", TlsFixtures.LOCALHOST_CERT.toString(), "-key", TlsFixtures.LOCALHOST_KEY.toString(),
                "-alpn", "http/1.1", "-rev").redirectErrorStream(true).start();
        try {
            awaitLine(peer.getInputStream(), "ACCEPT");
            var client = new RecordingProtocol();
            Transport tls = loop.runUntilComplete(Network.createConnection(loop, () -> client, "127.0.0.1", port,
                    ConnectOptions.DEFAULTS.withServerHostname("localhost").withTls(
                            TlsFixtures.build(TlsFixtures.client().alpn("http/1.1")))));
            assertThat(tls.extra(Extra.ALPN_PROTOCOL)).isEqualTo("http/1.1");
            tls.write("hello openssl\n");
            loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(LIMIT_SECONDS), () -> {
                while (!client.text().contains("lssnepo olleh")) { // s_server -rev answers each line reversed
                    Async.sleep(Duration.ofMillis(5));
                }
                return null;
            }));
            tls.close();
            loop.runUntilComplete(client.whenLost());
        } finally {
            peer.destroy();
            peer.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void pythonAsyncioClientTalksToACorioServer() throws Exception {
        requireTool("/usr/bin/python3");
        Server server = loop.runUntilComplete(Network.createServer(loop, TlsFixtures.Echo::new, "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withTls(TlsFixtures.build(TlsFixtures.server().alpn("h2")))));
        String out = runPeer(List.of("/usr/bin/python3", script("asyncio_client.py").toString(), "127.0.0.1",
                String.valueOf(server.port()), TlsFixtures.CA_PEM.toString()), "", server);
        assertThat(out).contains("alpn=h2", "echo=hello from python");
    }

    @Test
    void corioClientTalksToAPythonAsyncioServer() throws Exception {
        requireTool("/usr/bin/python3");
        var peer = new ProcessBuilder("/usr/bin/python3", script("asyncio_server.py").toString(),
                TlsFixtures.LOCALHOST_CERT.toString(), TlsFixtures.LOCALHOST_KEY.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = Integer.parseInt(awaitLine(peer.getInputStream(), "").strip());
            var client = new RecordingProtocol();
            Transport tls = loop.runUntilComplete(Network.createConnection(loop, () -> client, "127.0.0.1", port,
                    ConnectOptions.DEFAULTS.withServerHostname("localhost").withTls(
                            TlsFixtures.build(TlsFixtures.client()))));
            tls.write("quiet please\n");
            loop.runUntilComplete(client.whenLost());
            assertThat(client.text()).isEqualTo("QUIET PLEASE\n");
            assertThat(peer.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.exitValue()).isZero();
        } finally {
            peer.destroyForcibly();
        }
    }

    /** Answers "pong:" + what it received, then closes. */
    static final class Reply extends RecordingProtocol {
        @Override
        public void dataReceived(ByteBuf data) {
            super.dataReceived(data);
            transport().write("pong:" + data.toString(StandardCharsets.UTF_8));
            transport().close();
        }
    }

    /** Runs the peer on another thread (its pipes would block the loop) while the loop serves; returns its output. */
    private String runPeer(List<String> command, String input, Server server) throws Exception {
        Future<String> output = Future.of(loop, java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        try {
            return loop.runUntilComplete(output);
        } finally {
            server.close();
        }
    }

    private static String awaitLine(InputStream in, String containing) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.contains(containing)) {
                return line;
            }
        }
        throw new IOException("the peer exited before printing " + containing);
    }

    private static Path script(String name) throws IOException {
        Path dir = Files.createTempDirectory("corio-tls-py");
        dir.toFile().deleteOnExit(); // registered first, deleted last: after the file
        Path file = dir.resolve(name);
        try (InputStream in = TlsInteropTest.class.getResourceAsStream("/tls/" + name)) {
            Files.copy(in, file);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void requireTool(String tool) {
        boolean found = tool.startsWith("/") ? Files.isExecutable(Path.of(tool))
                : java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            System.out.println("SKIPPED: " + tool + " is not installed; TLS interop with it is not tested");
        }
        Assumptions.assumeTrue(found, tool + " is not installed");
    }
}
