package io.corio.servers.rpc;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A client nobody here wrote: Python's socket and json modules against the demo service over TCP. */
class PythonClientTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void aPythonStdlibClientGetsTheSpecifiedAnswers() throws Exception {
        Assumptions.assumeTrue(python3Available(), "python3 is not installed: skipping the Python client test");
        Path script = dir.resolve("rpc_client.py");
        try (InputStream in = getClass().getResourceAsStream("rpc_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        Run run = EventLoop.run(() -> {
            EventLoop loop = Async.runningLoop();
            Service service = RpcServer.service(loop, RpcService.demo(), RpcServerOptions.DEFAULTS);
            Server server = Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0).await();
            try {
                return Async.timeout(Duration.ofSeconds(30), () -> Async.toThread(() -> python(script, server.port())));
            } finally {
                server.close();
                service.abort();
            }
        });
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).as("answers in any order: the parse error is answered at once")
                .containsExactlyInAnyOrder(
                "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":19}",
                "{\"id\":\"two\",\"jsonrpc\":\"2.0\",\"result\":19}",
                "[{\"id\":3,\"jsonrpc\":\"2.0\",\"result\":7},"
                        + "{\"id\":4,\"jsonrpc\":\"2.0\",\"result\":\"h\u00e9llo \u2603\"}]",
                "{\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null,\"jsonrpc\":\"2.0\"}");
    }

    private static Run python(Path script, int port) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(List.of("python3", script.toString(), Integer.toString(port)));
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 did not finish within 20 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static boolean python3Available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
