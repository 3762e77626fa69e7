package io.corio.servers.launch.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Protocol;

import java.util.function.Supplier;

/**
 * A user's protocol class as a {@link Service}: each protocol is wrapped to count its connection. A user protocol
 * has no notion of a request, so draining only waits for its connections to close by themselves (the launcher
 * aborts what is left at the deadline). A connection that completes its TLS handshake after the drain began is
 * closed at once. Loop thread only.
 */
public final class UserProtocolService implements Service {
    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final ConnectionSet<TrackedProtocol> connections;

    public UserProtocolService(EventLoop loop, Supplier<? extends Protocol> factory) {
        this.loop = loop;
        this.factory = factory;
        this.connections = new ConnectionSet<>(loop);
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Protocol newProtocol() {
        Protocol user = factory.get();
        return user instanceof BufferedProtocol buffered ? new TrackedProtocol.Buffered(buffered, connections)
                : new TrackedProtocol(user, connections);
    }

    @Override
    public int connections() {
        return connections.size();
    }

    @Override
    public Future<Void> drain() {
        return connections.drain(connection -> { });
    }

    @Override
    public void abort() {
        connections.forEach(TrackedProtocol::abort);
    }

    @Override
    public String toString() {
        return "UserProtocolService[" + connections + "]";
    }
}
