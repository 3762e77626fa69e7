package io.corio.servers.echo.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.TimerHandle;
import io.corio.servers.internal.ConnectionSet;
import java.time.Duration;

/**
 * The echo's idle timeout: a connection that receives no byte and drains no answer for the timeout is closed (or
 * aborted when its peer reads nothing, see {@link EchoConnection#idleOut()}), so a vanished or frozen peer cannot
 * hold a connection for ever. One repeating check per service every half timeout instead of a timer per connection
 * reset on every read: a read costs a field write, and a quiet connection goes between one and one and a half
 * timeouts after its last activity. Loop thread only.
 */
public final class IdleSweep {
    private final EventLoop loop;
    private final Duration period;
    private final ConnectionSet<EchoConnection> connections;
    private TimerHandle timer;

    /** {@code idle} zero turns the check off. */
    public IdleSweep(EventLoop loop, Duration idle, ConnectionSet<EchoConnection> connections) {
        this.loop = loop;
        this.period = idle.isZero() ? null : idle.dividedBy(2);
        this.connections = connections;
    }

    /** Starts the repeating check if it is on and not running; called when a connection is added. */
    public void connectionAdded() {
        if (period != null && timer == null) {
            timer = loop.callLater(period, this::sweep);
        }
    }

    private void sweep() {
        timer = null;
        connections.forEach(c -> {
            if (c.quietAfterSweep()) {
                c.idleOut();
            }
        });
        if (connections.size() > 0) {
            connectionAdded();
        }
    }
}
