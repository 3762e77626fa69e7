package io.corio.servers.echo.internal;

import io.corio.transports.Transport;

/**
 * One open echo connection as its service sees it, and whether it has been quiet (see {@link IdleSweep}). Loop
 * thread only.
 */
public abstract class EchoConnection {
    private boolean active;
    private int quietSweeps;

    /** Stops reading, lets the bytes already read be answered and flushed, then closes. Called at most once. */
    public abstract void drain();

    /** Closes at once, dropping unsent bytes. */
    public abstract void abort();

    /** The connection's transport, once made. */
    protected abstract Transport transport();

    /** Bytes arrived, or answers drained to the peer: a field write, all a read pays for the idle timeout. */
    protected final void active() {
        active = true;
    }

    /**
     * One sweep of the idle check: true once nothing happened during two sweeps in a row (the connection has been
     * quiet for at least the idle timeout).
     */
    final boolean quietAfterSweep() {
        if (active) {
            active = false;
            quietSweeps = 0;
            return false;
        }
        return ++quietSweeps >= 2;
    }

    /**
     * Ends a connection quiet for the idle timeout: a peer that reads none of its answers (bytes still queued) is
     * aborted, since a close would wait for ever to flush; otherwise it closes.
     */
    final void idleOut() {
        Transport t = transport();
        if (t.writeBufferSize() > 0) {
            t.abort();
        } else {
            t.close();
        }
    }
}
