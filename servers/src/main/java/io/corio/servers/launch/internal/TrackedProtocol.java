package io.corio.servers.launch.internal;

import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

/**
 * A user protocol with its connection recorded in a {@link ConnectionSet} between {@code connectionMade} and
 * {@code connectionLost}; every callback is passed on unchanged. {@link Buffered} keeps a {@link BufferedProtocol}
 * buffered (the transport checks the type of the protocol it is given).
 */
class TrackedProtocol implements Protocol {
    private final Protocol user;
    private final ConnectionSet<TrackedProtocol> connections;
    private Transport transport;

    TrackedProtocol(Protocol user, ConnectionSet<TrackedProtocol> connections) {
        this.user = user;
        this.connections = connections;
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        if (!connections.add(this)) {
            transport.close(); // made after the drain began (a late TLS handshake): not served
            return;
        }
        user.connectionMade(transport);
    }

    @Override
    public void dataReceived(ByteBuf data) {
        user.dataReceived(data);
    }

    @Override
    public boolean eofReceived() {
        return user.eofReceived();
    }

    @Override
    public void connectionLost(Throwable cause) {
        try {
            user.connectionLost(cause);
        } finally {
            connections.remove(this);
        }
    }

    @Override
    public void pauseWriting() {
        user.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        user.resumeWriting();
    }

    void abort() {
        if (transport != null) {
            transport.abort();
        }
    }

    @Override
    public String toString() {
        return "Tracked[" + user + "]";
    }

    /** The same for a {@link BufferedProtocol}: reads land in the user's buffers. */
    static final class Buffered extends TrackedProtocol implements BufferedProtocol {
        private final BufferedProtocol user;

        Buffered(BufferedProtocol user, ConnectionSet<TrackedProtocol> connections) {
            super(user, connections);
            this.user = user;
        }

        @Override
        public ByteBuf getBuffer(int sizeHint) {
            return user.getBuffer(sizeHint);
        }

        @Override
        public void bufferUpdated(int n) {
            user.bufferUpdated(n);
        }

        @Override
        public void dataReceived(ByteBuf data) {
            user.dataReceived(data);
        }
    }
}
