package io.corio.servers.admin;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.LoopStats;
import io.corio.loop.Task;
import io.corio.servers.admin.MetricsSource.TransportSample;
import io.corio.servers.admin.internal.PrometheusText;
import io.corio.servers.admin.internal.PrometheusText.Type;
import io.corio.servers.admin.internal.TaskDump;
import io.corio.servers.admin.internal.TaskDump.TaskInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the admin listener reports: the loops (by name, each with a {@link LoopLagProbe}), the transport
 * {@link MetricsSource}s, the {@link HttpCounters} of HTTP listeners, and whether the process is draining. The
 * launcher registers everything once at startup; {@link AdminHandler} reads it on every request.
 *
 * <pre>{@code
 * var metrics = new AdminMetrics();
 * metrics.addLoop("main", loop);                        // any thread; starts the loop's lag probe
 * metrics.addSource(() -> List.of(sampleOf("main", Network.stats(loop))));
 * var http = metrics.httpCounters("main", "web");       // pass to the HTTP server as its HttpMetrics
 * }</pre>
 *
 * Registration methods may be called from any thread; {@link #prometheus()} reads counters that other loops update
 * (each may be a few iterations old).
 */
public final class AdminMetrics {
    private final Map<String, Probed> loops = new LinkedHashMap<>();
    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();
    private final List<HttpCounters> http = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    private record Probed(EventLoop loop, LoopLagProbe probe) {
    }

    /**
     * Registers {@code loop} under {@code name} and starts its lag probe (250 ms, 10 s window). Any thread.
     *
     * @throws IllegalArgumentException if the name is taken
     */
    public synchronized LoopLagProbe addLoop(String name, EventLoop loop) {
        return addLoop(name, loop, LoopLagProbe.start(loop));
    }

    /** Registers {@code loop} with a probe the caller started (tests use other intervals). */
    public synchronized LoopLagProbe addLoop(String name, EventLoop loop, LoopLagProbe probe) {
        if (loops.containsKey(name)) {
            probe.stop();
            throw new IllegalArgumentException("a loop named " + name + " is registered already");
        }
        loops.put(name, new Probed(loop, probe));
        return probe;
    }

    /** The name {@code loop} was registered under, or null. Any thread. */
    public synchronized String nameOf(EventLoop loop) {
        for (var entry : loops.entrySet()) {
            if (entry.getValue().loop() == loop) {
                return entry.getKey();
            }
        }
        return null;
    }

    public void addSource(MetricsSource source) {
        sources.add(source);
    }

    /** New request counters for {@code listener} on {@code loop}, exported from now on. */
    public HttpCounters httpCounters(String loop, String listener) {
        var counters = new HttpCounters(loop, listener);
        http.add(counters);
        return counters;
    }

    /** While true, {@code /healthz} answers 503 {@code draining}: load balancers stop sending new work. */
    public void setDraining(boolean draining) {
        this.draining = draining;
    }

    public boolean isDraining() {
        return draining;
    }

    private synchronized Map<String, Probed> loops() {
        return new LinkedHashMap<>(loops);
    }

    /** Every metric in the Prometheus text format 0.0.4. Any thread. */
    public String prometheus() {
        Map<String, Probed> snapshot = loops();
        var text = new PrometheusText();
        Map<String, LoopStats> stats = new LinkedHashMap<>();
        snapshot.forEach((name, p) -> stats.put(name, p.loop().stats()));
        text.family("corio_loop_iterations_total", Type.COUNTER, "Loop iterations (runOnce calls).");
        stats.forEach((name, s) -> text.sample(s.iterations(), "loop", name));
        text.family("corio_loop_callbacks_total", Type.COUNTER, "Callbacks and coroutine steps run.");
        stats.forEach((name, s) -> text.sample(s.callbacks(), "loop", name));
        text.family("corio_loop_slow_callbacks_total", Type.COUNTER,
                "Callbacks and steps slower than the slow-callback duration (counted in debug mode).");
        stats.forEach((name, s) -> text.sample(s.slowCallbacks(), "loop", name));
        text.family("corio_loop_pending_tasks", Type.GAUGE, "Tasks created and not done.");
        stats.forEach((name, s) -> text.sample((long) s.pendingTasks(), "loop", name));
        text.family("corio_loop_lag_seconds", Type.GAUGE, "How late the last lag probe timer ran.");
        snapshot.forEach((name, p) -> text.sample(p.probe().lastSeconds(), "loop", name));
        text.family("corio_loop_lag_max_seconds", Type.GAUGE,
                "Largest lag probe delay over the current and previous window.");
        snapshot.forEach((name, p) -> text.sample(p.probe().maxSeconds(), "loop", name));
        transports(text);
        http(text);
        return text.toString();
    }

    private void transports(PrometheusText text) {
        var samples = new ArrayList<TransportSample>();
        for (MetricsSource source : sources) {
            try {
                samples.addAll(source.transportSamples());
            } catch (RuntimeException e) {
                throw new IllegalStateException("metrics source " + source + " failed: " + e.getMessage(), e);
            }
        }
        text.family("corio_connections_open", Type.GAUGE, "Stream connections open now.");
        samples.forEach(s -> text.sample(s.connectionsOpen(), "loop", s.loop(), "listener", s.listener()));
        text.family("corio_connections_total", Type.COUNTER, "Stream connections opened.");
        samples.forEach(s -> text.sample(s.connectionsOpened(), "loop", s.loop(), "listener", s.listener()));
        text.family("corio_received_bytes_total", Type.COUNTER, "Bytes read from sockets.");
        samples.forEach(s -> text.sample(s.bytesRead(), "loop", s.loop(), "listener", s.listener()));
        text.family("corio_sent_bytes_total", Type.COUNTER, "Bytes written to sockets.");
        samples.forEach(s -> text.sample(s.bytesWritten(), "loop", s.loop(), "listener", s.listener()));
    }

    private void http(PrometheusText text) {
        text.family("corio_http_requests_total", Type.COUNTER, "HTTP requests answered, by status class.");
        for (HttpCounters c : http) {
            for (int k = 1; k <= 5; k++) {
                text.sample(c.requests(k), "loop", c.loop(), "listener", c.listener(), "code", k + "xx");
            }
        }
        text.family("corio_http_errors_total", Type.COUNTER,
                "HTTP requests that failed: handler exceptions and malformed requests.");
        for (HttpCounters c : http) {
            text.sample(c.errors(), "loop", c.loop(), "listener", c.listener());
        }
    }

    /**
     * The {@code /tasks} text: every task of every registered loop with its await stack. Each loop's task list is
     * read on that loop's thread; the future (on {@code here}, the caller's loop) completes when all have
     * answered, or with what could be read after {@code patience} (a loop blocked by a slow callback is reported
     * as not answering).
     */
    public Future<String> tasks(EventLoop here, Duration patience) {
        Map<String, Probed> snapshot = loops();
        var parts = new LinkedHashMap<String, CompletableFuture<List<TaskInfo>>>();
        snapshot.forEach((name, p) -> parts.put(name, capture(here, p.loop())));
        var all = CompletableFuture.allOf(parts.values().toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> {
                    var out = new StringBuilder();
                    parts.forEach((name, part) -> {
                        List<TaskInfo> infos = part.getNow(null);
                        if (infos == null || part.isCompletedExceptionally()) {
                            out.append("loop ").append(name).append(": did not answer within ")
                                    .append(patience.toMillis()).append(" ms (blocked or closed)\n\n");
                        } else {
                            TaskDump.format(name, infos, out);
                        }
                    });
                    return out.toString();
                });
        return Future.of(here, all);
    }

    private static CompletableFuture<List<TaskInfo>> capture(EventLoop here, EventLoop loop) {
        var result = new CompletableFuture<List<TaskInfo>>();
        Runnable read = () -> {
            try {
                Set<Task<?>> tasks = loop.allTasks();
                result.complete(TaskDump.capture(tasks));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (loop == here) {
            read.run();
        } else {
            try {
                loop.callSoonThreadsafe(read);
            } catch (RuntimeException closed) {
                result.completeExceptionally(closed);
            }
        }
        return result;
    }

    @Override
    public synchronized String toString() {
        return "AdminMetrics[loops=" + loops.keySet() + ", sources=" + sources.size() + ", http=" + http.size()
                + (draining ? ", draining" : "") + "]";
    }
}
