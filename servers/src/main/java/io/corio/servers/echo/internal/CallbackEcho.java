package io.corio.servers.echo.internal;

import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

/**
 * The callback echo, the fast path: each received buffer is retained and handed to the transport, which sends it
 * and releases it; no copy, no allocation per read. Reading pauses while the transport's write buffer is over its
 * high-water mark (the peer does not read its answers) and resumes when it drained, so a connection holds at most
 * about the high-water mark plus one read. On the peer's EOF the transport closes after flushing: everything read
 * was already written, so the peer gets its whole answer, then the end of the stream.
 */
public final class CallbackEcho extends EchoConnection implements Protocol {
    private final ConnectionSet<EchoConnection> connections;
    private final IdleSweep idle;
    private Transport transport;

    public CallbackEcho(ConnectionSet<EchoConnection> connections, IdleSweep idle) {
        this.connections = connections;
        this.idle = idle;
    }

    @Override
    protected Transport transport() {
        return transport;
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        if (connections.add(this)) {
            idle.connectionAdded();
        } else {
            transport.close(); // accepted while the service drains: nothing to answer yet
        }
    }

    @Override
    public void dataReceived(ByteBuf data) {
        active();
        transport.write(data.retain());
    }

    @Override
    public boolean eofReceived() {
        return false; // the transport closes after flushing what was echoed
    }

    @Override
    public void pauseWriting() {
        transport.pauseReading();
    }

    @Override
    public void resumeWriting() {
        active();
        transport.resumeReading(); // no effect once closing (a drain)
    }

    @Override
    public void connectionLost(Throwable cause) {
        connections.remove(this);
    }

    @Override
    public void drain() {
        transport.close(); // reading stops at once; what was echoed is flushed, then the connection closes
    }

    @Override
    public void abort() {
        transport.abort();
    }

    @Override
    public String toString() {
        return "CallbackEcho[" + transport + "]";
    }
}
