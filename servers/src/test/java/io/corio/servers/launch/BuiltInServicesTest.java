package io.corio.servers.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.config.AdminConfig;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TransportKind;
import io.corio.servers.http.client.HttpClient;
import io.corio.servers.http.client.HttpClientRequest;
import io.corio.servers.rpc.RpcClient;
import io.corio.servers.rpc.RpcClientOptions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Corio's own servers as the launcher starts them from a listener's configuration (ServiceRegistry.builtIns). */
class BuiltInServicesTest {
    private Launcher launcher;

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private static ListenerConfig listener(String protocol, ProtocolOptions options) {
        return new ListenerConfig(protocol, protocol, TransportKind.TCP, "127.0.0.1", 0, null, 1, 511,
                ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, null, options);
    }

    private int start(ListenerConfig listener) throws LaunchException {
        launcher = Launcher.start(CorioConfig.of(listener), ServiceRegistry.builtIns(), line -> { });
        return launcher.listeners().getFirst().port();
    }

    @Test
    void rpcListenerServesTheDemoServiceWithLengthPrefixedFrames() throws Exception {
        int port = start(listener("rpc", ProtocolOptions.Rpc.DEFAULTS));

        int result = EventLoop.run(() -> {
            RpcClient client = RpcClient.connect(Async.runningLoop(), "127.0.0.1", port, RpcClientOptions.DEFAULTS)
                    .await();
            try {
                return client.call("subtract", List.of(42, 23)).await().asInt();
            } finally {
                client.close();
            }
        });
        assertThat(result).isEqualTo(19);
    }

    @Test
    void httpListenerWithoutRootSaysHelloAndServesJsonRpcAtItsRpcPath() throws Exception {
        int port = start(listener("http", new ProtocolOptions.Http(null, false, "/rpc")));
        String base = "http://127.0.0.1:" + port;

        List<String> answers = EventLoop.run(() -> {
            var client = HttpClient.create(Async.runningLoop());
            try {
                var hello = client.get(base + "/").await();
                var call = client.send(HttpClientRequest.post(base + "/rpc",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"subtract\",\"params\":[42,23],\"id\":1}")).await();
                var note = client.send(HttpClientRequest.post(base + "/rpc",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"update\",\"params\":[1]}")).await();
                return List.of(hello.status() + " " + hello.text(), call.status() + " " + call.text(),
                        String.valueOf(note.status()));
            } finally {
                client.close();
            }
        });

        assertThat(answers).containsExactly("200 Hello, World!", "200 {\"jsonrpc\":\"2.0\",\"result\":19,\"id\":1}",
                "204");
    }

    @Test
    void adminListenerReportsHealthAndCountsTheRequestsOfHttpListeners() throws Exception {
        var web = listener("http", new ProtocolOptions.Http(null, false, null));
        launcher = Launcher.start(new CorioConfig(null, CorioConfig.DEFAULT_SHUTDOWN_TIMEOUT,
                new AdminConfig("127.0.0.1", 0), List.of(web)), ServiceRegistry.builtIns(), line -> { });
        int port = launcher.listeners().getFirst().port();
        assertThat(launcher.describe()).matches("http tcp://127\\.0\\.0\\.1:\\d+, admin http://127\\.0\\.0\\.1:\\d+");
        String admin = "http://" + launcher.describe().replaceAll(".*admin http://", "");

        List<String> pages = EventLoop.run(() -> {
            var client = HttpClient.create(Async.runningLoop());
            try {
                client.get("http://127.0.0.1:" + port + "/").await();
                client.get("http://127.0.0.1:" + port + "/nothing-here").await();
                return List.of(client.get(admin + "/healthz").await().text(),
                        client.get(admin + "/metrics").await().text());
            } finally {
                client.close();
            }
        });

        assertThat(pages.get(0)).isEqualTo("ok");
        assertThat(pages.get(1))
                .contains("corio_http_requests_total{loop=\"http-0\",listener=\"http\",code=\"2xx\"} 1")
                .contains("corio_http_requests_total{loop=\"http-0\",listener=\"http\",code=\"4xx\"} 1")
                .containsPattern("corio_connections_total\\{loop=\"http-0\",listener=\"http\"\\} [1-9]")
                .contains("corio_loop_iterations_total{loop=\"admin\"}");
    }

    @Test
    void rpcListenerWithAnUnknownServiceClassDoesNotStart() {
        var rpc = listener("rpc", new ProtocolOptions.Rpc("length", "com.example.NoSuchService"));

        assertThatThrownBy(() -> start(rpc))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("listener 'rpc': ")
                .hasMessageContaining("com.example.NoSuchService");
    }
}
