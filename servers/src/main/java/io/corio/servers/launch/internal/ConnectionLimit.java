package io.corio.servers.launch.internal;

import io.corio.servers.Service;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.Transport;

import java.util.function.Supplier;

/**
 * The protocol factory of one worker with {@code limits.maxConnections}: below the limit it asks the service for a
 * protocol; at the limit it hands out a protocol that closes its connection as soon as it is made (after the TLS
 * handshake, for TLS). The count is the server's accepted connections that are not lost yet, less the rejected ones
 * still closing, so it includes TLS connections still in their handshake. Loop thread only.
 */
public final class ConnectionLimit implements Supplier<Protocol> {
    private final Service service;
    private final int max;
    private Server server;
    private int closing;
    private long rejected;

    public ConnectionLimit(Service service, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be > 0, got " + max);
        }
        this.service = service;
        this.max = max;
    }

    /** The server this factory was given to; until it is set, nothing is rejected. */
    public void attach(Server server) {
        this.server = server;
    }

    @Override
    public Protocol get() {
        if (server != null && server.connectionCount() - closing >= max) {
            rejected++;
            closing++;
            return new Rejected();
        }
        return service.newProtocol();
    }

    /** Connections closed because the limit was reached, since the start. */
    public long rejected() {
        return rejected;
    }

    @Override
    public String toString() {
        return "ConnectionLimit[max=" + max + ", rejected=" + rejected + "]";
    }

    private final class Rejected implements Protocol {
        @Override
        public void connectionMade(Transport transport) {
            transport.close();
        }

        @Override
        public void connectionLost(Throwable cause) {
            closing--;
        }
    }
}
