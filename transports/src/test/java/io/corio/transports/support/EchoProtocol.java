package io.corio.transports.support;

import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

/**
 * Sends back every byte it receives, with flow control (stops reading while its transport's write buffer is over
 * the high-water mark) and half-close (echoes the peer's EOF when the transport can). For tests of any stream
 * transport; reused by the TLS and streams tests through the test jar.
 */
public class EchoProtocol implements Protocol {
    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuf data) {
        transport.write(data.retain());
    }

    @Override
    public boolean eofReceived() {
        if (transport.canWriteEof()) {
            transport.writeEof();
            return true;
        }
        return false;
    }

    @Override
    public void pauseWriting() {
        transport.pauseReading();
    }

    @Override
    public void resumeWriting() {
        transport.resumeReading();
    }

    public Transport transport() {
        return transport;
    }
}
