package io.corio.servers.launch;

import io.corio.loop.EventLoop;
import io.corio.servers.admin.AdminMetrics;
import io.corio.servers.http.HttpMetrics;

/**
 * What a {@link ServiceFactory.Preparer} may use at startup besides the listener's configuration.
 *
 * @param loader  the user class loader (Corio's own classpath under the user's entries)
 * @param metrics the admin listener's metrics, or null when the configuration has no admin listener
 */
public record LaunchContext(ClassLoader loader, AdminMetrics metrics) {
    /** Request counters for {@code listener} on {@code loop} when there is an admin listener, else none. */
    public HttpMetrics httpMetrics(EventLoop loop, String listener) {
        if (metrics == null) {
            return HttpMetrics.NONE;
        }
        String name = metrics.nameOf(loop);
        return metrics.httpCounters(name != null ? name : listener, listener);
    }
}
