package io.corio.servers.launch;

import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.netty.buffer.ByteBuf;

import java.net.SocketAddress;

/** A user datagram protocol class (launcher tests): answers every datagram with {@code hi}. */
public class DatagramGreeter implements DatagramProtocol {
    private DatagramTransport transport;

    @Override
    public void connectionMade(DatagramTransport transport) {
        this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuf data, SocketAddress sender) {
        transport.sendTo(io.corio.transports.Buffers.utf8("hi"), sender);
    }
}
