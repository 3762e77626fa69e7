/**
 * The admin listener: {@code /healthz}, {@code /metrics} (Prometheus text) and {@code /tasks}, fed by
 * {@link io.corio.servers.admin.AdminMetrics}. See {@code docs/admin.md}.
 */
package io.corio.servers.admin;
