package io.corio.servers.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.config.ConfigLoader;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.http.client.HttpClient;
import io.corio.servers.rpc.RpcClient;
import io.corio.servers.rpc.RpcClientOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a fresh clone's {@code bin/corio serve} runs: config/corio.yaml, on free ports, answers on all three. */
class ShippedConfigServesTest {
    private Launcher launcher;

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void theDefaultConfigurationServesEchoHttpAndRpc() throws Exception {
        Path file = Path.of("..", "config", "corio.yaml");
        String text = Files.readString(file).replaceAll("(?m)^(\\s*port:\\s*)\\d+", "$10");
        CorioConfig config = ConfigLoader.parse(text, file.toString(), file.getParent());
        launcher = Launcher.start(config, ServiceRegistry.builtIns(), line -> { });
        Map<String, Integer> ports = launcher.listeners().stream()
                .collect(Collectors.toMap(RunningListener::name, RunningListener::port));
        assertThat(ports).containsOnlyKeys("echo", "web", "rpc");

        try (Socket echo = new Socket("127.0.0.1", ports.get("echo"))) {
            OutputStream out = echo.getOutputStream();
            out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = echo.getInputStream();
            assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        }
        List<String> answers = EventLoop.run(() -> {
            var http = HttpClient.create(Async.runningLoop());
            RpcClient rpc = RpcClient.connect(Async.runningLoop(), "127.0.0.1", ports.get("rpc"),
                    RpcClientOptions.DEFAULTS).await();
            try {
                String hello = http.get("http://127.0.0.1:" + ports.get("web") + "/").await().text();
                String sum = rpc.call("subtract", List.of(42, 23)).await().toString();
                return List.of(hello, sum);
            } finally {
                http.close();
                rpc.close();
            }
        });
        assertThat(answers).containsExactly("Hello, World!", "19");
    }
}
