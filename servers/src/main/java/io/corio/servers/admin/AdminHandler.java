package io.corio.servers.admin;

import io.corio.loop.Async;
import io.corio.servers.admin.internal.PrometheusText;
import io.corio.servers.http.HttpHandler;
import io.corio.servers.http.HttpRequest;
import io.corio.servers.http.HttpResponse;
import io.corio.servers.http.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The admin listener's handler: {@code GET /healthz}, {@code /metrics} and {@code /tasks} over an
 * {@link AdminMetrics} (HEAD too; other methods 405, other paths 404 listing the three). Runs on the admin
 * listener's loop like any handler; {@code /tasks} awaits the other loops' task lists for at most two seconds.
 */
public final class AdminHandler implements HttpHandler {
    /** How long {@code /tasks} waits for a loop to list its tasks. */
    public static final Duration TASKS_PATIENCE = Duration.ofSeconds(2);

    private final AdminMetrics metrics;
    private final Router router;

    public AdminHandler(AdminMetrics metrics) {
        this.metrics = metrics;
        this.router = Router.create()
                .get("/healthz", request -> health())
                .get("/metrics", request -> metrics())
                .get("/tasks", request -> tasks())
                .notFound(request -> HttpResponse.text(404, "not found: " + request.path()
                        + "\nthis is Corio's admin listener: /healthz, /metrics, /tasks\n"));
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        return router.handle(request);
    }

    private HttpResponse health() {
        return metrics.isDraining() ? HttpResponse.text(503, "draining") : HttpResponse.text(200, "ok");
    }

    private HttpResponse metrics() {
        byte[] body = metrics.prometheus().getBytes(StandardCharsets.UTF_8);
        return HttpResponse.bytes(200, PrometheusText.CONTENT_TYPE, body);
    }

    private HttpResponse tasks() {
        return HttpResponse.text(metrics.tasks(Async.runningLoop(), TASKS_PATIENCE).await());
    }

    @Override
    public String toString() {
        return "AdminHandler[" + metrics + "]";
    }
}
