package io.corio.bench.echo;

import io.corio.loop.EventLoop;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

/**
 * TCP echo server with a callback {@link Protocol}, the two-method echo of DESIGN.md: one loop thread, listening
 * on 127.0.0.1:PORT, every byte written back, until the process is killed.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/corio-bench.jar
 * io.corio.bench.echo.ProtocolEcho PORT}
 */
public final class ProtocolEcho {
    private ProtocolEcho() {
    }

    /** Writes back what arrives: the borrowed buffer is retained and handed to the transport, which releases it. */
    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuf data) {
            transport.write(data.retain());
        }
    }

    public static void main(String[] args) {
        int port = EchoServers.port(args, 1, "ProtocolEcho PORT");
        EventLoop loop = EventLoop.create();
        Server server = loop.runUntilComplete(
                Network.createServer(loop, Echo::new, EchoServers.HOST, port, EchoServers.OPTIONS));
        EchoServers.serve(loop, server, "protocol echo");
    }
}
