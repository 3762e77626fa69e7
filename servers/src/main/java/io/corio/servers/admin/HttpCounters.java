package io.corio.servers.admin;

import io.corio.servers.http.HttpMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests of one HTTP listener on one loop by status class (1xx to 5xx), and its errors: the
 * {@link HttpMetrics} the launcher gives the server and {@link AdminMetrics} exports as
 * {@code corio_http_requests_total{loop,listener,code="2xx"}} and {@code corio_http_errors_total}. Thread-safe.
 */
public final class HttpCounters implements HttpMetrics {
    private final String loop;
    private final String listener;
    private final LongAdder[] byClass = new LongAdder[5];
    private final LongAdder errors = new LongAdder();

    public HttpCounters(String loop, String listener) {
        if (loop == null || listener == null) {
            throw new IllegalArgumentException("loop and listener names must not be null");
        }
        this.loop = loop;
        this.listener = listener;
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new LongAdder();
        }
    }

    public String loop() {
        return loop;
    }

    public String listener() {
        return listener;
    }

    @Override
    public void requestCompleted(int status) {
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            byClass[c - 1].increment();
        }
    }

    @Override
    public void errorOccurred() {
        errors.increment();
    }

    /** Requests answered with a status of class {@code statusClass} (1 to 5). */
    public long requests(int statusClass) {
        return byClass[statusClass - 1].sum();
    }

    public long errors() {
        return errors.sum();
    }

    @Override
    public String toString() {
        return "HttpCounters[" + loop + "/" + listener + ", 2xx=" + requests(2) + ", 4xx=" + requests(4) + ", 5xx="
                + requests(5) + ", errors=" + errors() + "]";
    }
}
