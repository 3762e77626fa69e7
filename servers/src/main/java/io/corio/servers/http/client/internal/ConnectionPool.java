package io.corio.servers.http.client.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.ClosedResourceException;
import io.corio.transports.Transport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Keep-alive connections per {@link Origin}: idle ones are reused most-recent first, at most {@code maxPerOrigin}
 * are open at once (further requests wait in order), an idle one closes after {@code idleTimeout}, and one the
 * server closed while idle is forgotten as soon as its end of stream arrives. Loop thread only.
 */
public final class ConnectionPool implements ClientConnection.Owner {
    private final EventLoop loop;
    private final Connector connector;
    private final int maxPerOrigin;
    private final Duration idleTimeout;
    private final int maxHeadBytes;
    private final Map<Origin, Slot> slots = new HashMap<>();
    private boolean closed;

    /** The connections of one origin. */
    private static final class Slot {
        final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
        final ArrayDeque<Future<ClientConnection>> waiters = new ArrayDeque<>();
        int open; // connecting, idle and busy
    }

    public ConnectionPool(EventLoop loop, Connector connector, int maxPerOrigin, Duration idleTimeout,
                          int maxHeadBytes) {
        this.loop = loop;
        this.connector = connector;
        this.maxPerOrigin = maxPerOrigin;
        this.idleTimeout = idleTimeout;
        this.maxHeadBytes = maxHeadBytes;
    }

    /**
     * A connection to {@code origin} for one exchange: an idle one at once, else a new one once connected, else
     * (at the limit) the next one released. The future fails with the connector's exception; cancelling it gives
     * up the place in line (a connection that arrives later goes back to the pool).
     *
     * @throws ClosedResourceException if the pool is closed
     */
    public Future<ClientConnection> acquire(Origin origin) {
        checkOpen();
        Slot slot = slots.computeIfAbsent(origin, o -> new Slot());
        Future<ClientConnection> result = loop.createFuture();
        ClientConnection idle;
        while ((idle = slot.idle.pollLast()) != null) {
            if (idle.isUsable()) {
                result.setResult(idle);
                return result;
            }
        }
        if (slot.open < maxPerOrigin) {
            open(origin, slot, result);
        } else {
            slot.waiters.add(result);
        }
        return result;
    }

    /** A new connection to {@code origin} for a retry, bypassing idle ones (which may be stale too). */
    public Future<ClientConnection> acquireNew(Origin origin) {
        checkOpen();
        Slot slot = slots.computeIfAbsent(origin, o -> new Slot());
        Future<ClientConnection> result = loop.createFuture();
        open(origin, slot, result);
        return result;
    }

    private void open(Origin origin, Slot slot, Future<ClientConnection> result) {
        slot.open++;
        var connection = new ClientConnection(loop, origin, this, maxHeadBytes);
        Future<Transport> connecting;
        try {
            connecting = connector.connect(origin, connection);
        } catch (RuntimeException e) {
            slot.open--;
            result.setException(e);
            return;
        }
        connecting.addDoneCallback(f -> {
            if (f.isCancelled() || f.exception() != null) {
                slot.open--;
                if (!result.isDone()) {
                    if (f.isCancelled()) {
                        result.cancel();
                    } else {
                        result.setException(f.exception());
                    }
                }
                serveWaiter(origin, slot);
            } else if (result.isDone()) {
                released(connection, true); // its requester gave up: keep it for the next one
            } else {
                result.setResult(connection);
            }
        });
    }

    @Override
    public void released(ClientConnection connection, boolean reusable) {
        if (!reusable || closed || idleTimeout.isZero()) {
            connection.close(); // lost() follows and frees the place
            return;
        }
        Slot slot = slots.get(connection.origin());
        Future<ClientConnection> waiter;
        while ((waiter = slot.waiters.poll()) != null) {
            if (!waiter.isDone()) {
                waiter.setResult(connection);
                return;
            }
        }
        slot.idle.addLast(connection);
        connection.idleFor(idleTimeout, () -> slot.idle.remove(connection));
    }

    @Override
    public void lost(ClientConnection connection) {
        Slot slot = slots.get(connection.origin());
        if (slot == null) {
            return;
        }
        slot.idle.remove(connection);
        slot.open--;
        serveWaiter(connection.origin(), slot);
        if (slot.open == 0 && slot.waiters.isEmpty()) {
            slots.remove(connection.origin());
        }
    }

    /** Opens a connection for the first waiter still waiting, when there is room. */
    private void serveWaiter(Origin origin, Slot slot) {
        slot.waiters.removeIf(Future::isDone);
        if (!closed && !slot.waiters.isEmpty() && slot.open < maxPerOrigin) {
            open(origin, slot, slot.waiters.poll());
        }
    }

    /** Idle connections to {@code origin}. */
    public int idleCount(Origin origin) {
        Slot slot = slots.get(origin);
        return slot == null ? 0 : slot.idle.size();
    }

    /** Connections open (connecting, idle or busy) to every origin. */
    public int openCount() {
        int n = 0;
        for (Slot slot : slots.values()) {
            n += slot.open;
        }
        return n;
    }

    /** Closes idle connections and fails waiters; busy connections close after their response. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Slot slot : new ArrayList<>(slots.values())) {
            for (ClientConnection c : new ArrayList<>(slot.idle)) {
                c.close();
            }
            slot.idle.clear();
            Future<ClientConnection> waiter;
            while ((waiter = slot.waiters.poll()) != null) {
                if (!waiter.isDone()) {
                    waiter.setException(new ClosedResourceException("the HTTP client is closed"));
                }
            }
        }
    }

    /** @throws ClosedResourceException if the pool is closed */
    public void ensureOpen() {
        checkOpen();
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedResourceException("the HTTP client is closed");
        }
    }

    @Override
    public String toString() {
        return "ConnectionPool[open=" + openCount() + ", origins=" + slots.size() + (closed ? ", closed" : "") + "]";
    }
}
