package io.corio.servers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.admin.MetricsSource.TransportSample;
import io.corio.servers.http.client.HttpClient;
import io.corio.servers.http.client.HttpClientRequest;
import io.corio.transports.Server;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three admin endpoints over a real socket, read with Corio's HTTP client. */
class AdminServerTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void healthMetricsAndTasksAnswerOverHttp() {
        var metrics = new AdminMetrics();
        metrics.addLoop("main", loop);
        metrics.addSource(() -> List.of(new TransportSample("main", null, 1, 3, 10, 20)));
        metrics.httpCounters("main", "admin").requestCompleted(200);
        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(20), () -> {
            var sleeper = loop.createTask(() -> {
                Async.sleep(Duration.ofMinutes(5));
                return null;
            }, "sleeper");
            Server server = AdminServer.start(loop, metrics, "127.0.0.1", 0).await();
            String base = "http://127.0.0.1:" + server.port();
            try (var client = HttpClient.create(loop)) {
                var health = client.get(base + "/healthz").await();
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.text()).isEqualTo("ok");

                var scrape = client.get(base + "/metrics").await();
                assertThat(scrape.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
                assertThat(scrape.text()).contains("corio_loop_iterations_total{loop=\"main\"} ")
                        .contains("corio_connections_open{loop=\"main\"} 1\n")
                        .contains("corio_http_requests_total{loop=\"main\",listener=\"admin\",code=\"2xx\"} 1\n");

                var tasks = client.get(base + "/tasks").await();
                assertThat(tasks.text()).startsWith("loop main: ").contains("task \"sleeper\" [suspended]");

                var head = client.send(HttpClientRequest.head(base + "/metrics")).await();
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.body()).isEmpty();
                assertThat(client.send(HttpClientRequest.post(base + "/metrics", "x")).await().status())
                        .isEqualTo(405);
                assertThat(client.get(base + "/nope").await().status()).isEqualTo(404);

                metrics.setDraining(true);
                var draining = client.get(base + "/healthz").await();
                assertThat(draining.status()).isEqualTo(503);
                assertThat(draining.text()).isEqualTo("draining");
                assertThat(client.openConnections()).isEqualTo(1);
            }
            sleeper.cancel();
            server.close();
            server.abortClients();
            return null;
        }));
    }
}
