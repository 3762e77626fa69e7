package io.corio.servers.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.LoopGroup;
import io.corio.loop.testing.TestLoop;
import io.corio.servers.admin.MetricsSource.TransportSample;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics page and the task page from registered loops, a fake transport source and HTTP counters. */
class AdminMetricsTest {
    private final TestLoop loop = TestLoop.create();
    private final AdminMetrics metrics = new AdminMetrics();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void metricsCoverLoopsTransportsAndHttpWithLabels() {
        metrics.addLoop("main", loop);
        metrics.addSource(() -> List.of(new TransportSample("main", "web", 2, 10, 1000, 2000)));
        HttpCounters web = metrics.httpCounters("main", "web");
        web.requestCompleted(200);
        web.requestCompleted(204);
        web.requestCompleted(404);
        web.errorOccurred();
        loop.advance(Duration.ofSeconds(1));
        String text = metrics.prometheus();
        assertThat(text).contains("# TYPE corio_loop_iterations_total counter\n")
                .contains("# TYPE corio_loop_lag_seconds gauge\n")
                .contains("corio_loop_pending_tasks{loop=\"main\"} 0\n")
                .contains("corio_loop_lag_max_seconds{loop=\"main\"} 0\n")
                .contains("corio_connections_open{loop=\"main\",listener=\"web\"} 2\n")
                .contains("corio_connections_total{loop=\"main\",listener=\"web\"} 10\n")
                .contains("corio_received_bytes_total{loop=\"main\",listener=\"web\"} 1000\n")
                .contains("corio_sent_bytes_total{loop=\"main\",listener=\"web\"} 2000\n")
                .contains("corio_http_requests_total{loop=\"main\",listener=\"web\",code=\"2xx\"} 2\n")
                .contains("corio_http_requests_total{loop=\"main\",listener=\"web\",code=\"4xx\"} 1\n")
                .contains("corio_http_errors_total{loop=\"main\",listener=\"web\"} 1\n");
        assertThat(text).containsPattern("corio_loop_iterations_total\\{loop=\"main\"} [1-9]\\d*\n");
        for (String line : text.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) corio_\\w+ .+|corio_\\w+(\\{[^}]*})? [-+.\\dEInfNa]+");
        }
    }

    @Test
    void taskPageListsEveryTaskOfEveryLoop() {
        metrics.addLoop("main", loop);
        loop.createTask(() -> {
            Async.sleep(Duration.ofMinutes(1));
            return null;
        }, "long sleeper");
        loop.advance(Duration.ofMillis(10));
        String page = loop.runUntilComplete(() -> metrics.tasks(loop, Duration.ofSeconds(1)).await());
        assertThat(page).startsWith("loop main: 2 tasks\n")
                .contains("task \"long sleeper\" [suspended]")
                .contains("at io.corio.servers.admin.AdminMetricsTest");
    }

    @Test
    void taskPageReadsOtherLoopsOnTheirThreadsAndNamesALoopThatDoesNotAnswer() throws Exception {
        try (var group = LoopGroup.start(2)) {
            EventLoop worker = group.loops().get(0);
            EventLoop stuck = group.loops().get(1);
            metrics.addLoop("main", loop);
            metrics.addLoop("worker-0", worker);
            metrics.addLoop("worker-1", stuck);
            var started = new CountDownLatch(1);
            worker.callSoonThreadsafe(() -> worker.createTask(() -> {
                started.countDown();
                Async.sleep(Duration.ofMinutes(1));
                return null;
            }, "worker job"));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            var release = new CountDownLatch(1);
            stuck.callSoonThreadsafe(() -> {
                try {
                    release.await(5, TimeUnit.SECONDS); // a callback that blocks its loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.setIdleLimit(Duration.ofSeconds(5));
            String page = loop.runUntilComplete(() -> metrics.tasks(loop, Duration.ofMillis(300)).await());
            release.countDown();
            assertThat(page).contains("loop main: 1 task\n")
                    .contains("loop worker-0: 1 task\n\ntask \"worker job\" [suspended]")
                    .contains("loop worker-1: did not answer within 300 ms");
        }
    }
}
