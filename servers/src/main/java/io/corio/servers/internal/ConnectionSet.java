package io.corio.servers.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The open connections of one service on one loop, and the drain future that completes when the last one goes.
 * Loop thread only. {@code C} is whatever the service tracks per connection (usually its protocol object).
 */
public final class ConnectionSet<C> {
    private final EventLoop loop;
    private final Set<C> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private Future<Void> drained;

    public ConnectionSet(EventLoop loop) {
        this.loop = loop;
    }

    /** Records a made connection; false (and nothing recorded) once draining has started. */
    public boolean add(C connection) {
        if (drained != null) {
            return false;
        }
        open.add(connection);
        return true;
    }

    /** Records a lost connection; completes the drain future when it was the last one. */
    public void remove(C connection) {
        if (open.remove(connection) && open.isEmpty() && drained != null && !drained.isDone()) {
            drained.setResult(null);
        }
    }

    public int size() {
        return open.size();
    }

    public boolean draining() {
        return drained != null;
    }

    /**
     * Starts draining once: calls {@code startDrain} for each open connection (on a copy, so it may close them),
     * and returns the future that completes when none is left.
     */
    public Future<Void> drain(Consumer<? super C> startDrain) {
        if (drained == null) {
            drained = loop.createFuture();
            for (C connection : snapshot()) {
                startDrain.accept(connection);
            }
            if (open.isEmpty() && !drained.isDone()) {
                drained.setResult(null);
            }
        }
        return drained;
    }

    /** Applies {@code action} to each open connection (on a copy, so it may close them). */
    public void forEach(Consumer<? super C> action) {
        for (C connection : snapshot()) {
            action.accept(connection);
        }
    }

    private List<C> snapshot() {
        return new ArrayList<>(open);
    }

    @Override
    public String toString() {
        return "ConnectionSet[open=" + open.size() + (drained != null ? ", draining" : "") + "]";
    }
}
