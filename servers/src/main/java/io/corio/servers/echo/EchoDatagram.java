package io.corio.servers.echo;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.function.Supplier;

/**
 * The echo server on UDP: each datagram goes back whole to the address it came from. One instance per listener
 * and loop; each endpoint it serves gets its own protocol from {@link #protocolFactory()}:
 *
 * <pre>{@code
 * EchoDatagram echo = EchoDatagram.create(loop);
 * DatagramTransport udp = Network.createDatagramEndpoint(loop, echo.protocolFactory(),
 *         DatagramOptions.bind(new InetSocketAddress("127.0.0.1", 7001))).await();
 * }</pre>
 *
 * <p>Overload: a datagram the socket cannot take at once waits in the transport's send queue, whose water marks
 * ({@code DatagramOptions.writeHigh}/{@code writeLow}, 64 KiB and 16 KiB by default) drive
 * {@code pauseWriting}/{@code resumeWriting}. While paused (from strictly above the high mark until the queue is
 * down to the low mark) datagrams that arrive are dropped, not answered, and counted in {@link #dropped()}: UDP may
 * lose datagrams anyway, and a queue that grows without bound would let a flood exhaust memory. Datagrams longer
 * than the endpoint's {@code maxDatagramSize} arrive truncated and are echoed truncated.
 *
 * <p>All methods run on the loop thread.
 */
public final class EchoDatagram {
    private final EventLoop loop;
    private final ConnectionSet<Endpoint> endpoints;
    private long echoed;
    private long dropped;

    private EchoDatagram(EventLoop loop) {
        if (loop == null) {
            throw new NullPointerException("loop");
        }
        this.loop = loop;
        this.endpoints = new ConnectionSet<>(loop);
    }

    /** A UDP echo on {@code loop}. */
    public static EchoDatagram create(EventLoop loop) {
        return new EchoDatagram(loop);
    }

    public EventLoop loop() {
        return loop;
    }

    /** A protocol for one new endpoint; called once per endpoint, before its {@code connectionMade}. */
    public DatagramProtocol newProtocol() {
        return new Endpoint();
    }

    /** This service as the factory {@code Network.createDatagramEndpoint} takes. */
    public Supplier<DatagramProtocol> protocolFactory() {
        return this::newProtocol;
    }

    /** Endpoints open now. */
    public int endpoints() {
        return endpoints.size();
    }

    /** Datagrams sent back so far (handed to the transport), over every endpoint. */
    public long echoed() {
        return echoed;
    }

    /** Datagrams not answered because the send queue was over its high-water mark. */
    public long dropped() {
        return dropped;
    }

    /**
     * Closes every endpoint after its send queue is flushed (answers already queued still go out); the future
     * completes when the last one is closed. An endpoint opened afterwards is closed at once. Idempotent.
     */
    public Future<Void> drain() {
        return endpoints.drain(e -> e.transport.close());
    }

    /** Closes every endpoint now, dropping queued answers. */
    public void abort() {
        endpoints.forEach(e -> e.transport.abort());
    }

    @Override
    public String toString() {
        return "EchoDatagram[endpoints=" + endpoints.size() + ", echoed=" + echoed
                + (dropped > 0 ? ", dropped=" + dropped : "") + (endpoints.draining() ? ", draining" : "") + "]";
    }

    /** One bound endpoint. */
    private final class Endpoint implements DatagramProtocol {
        private DatagramTransport transport;
        private boolean paused;

        @Override
        public void connectionMade(DatagramTransport transport) {
            this.transport = transport;
            if (!endpoints.add(this)) {
                transport.close();
            }
        }

        @Override
        public void datagramReceived(ByteBuf data, SocketAddress sender) {
            if (paused) {
                dropped++;
                return;
            }
            echoed++;
            transport.sendTo(data.retain(), sender);
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
        }

        @Override
        public void connectionLost(Throwable cause) {
            endpoints.remove(this);
        }

        @Override
        public String toString() {
            return "EchoDatagram.Endpoint[" + transport + (paused ? ", dropping" : "") + "]";
        }
    }
}
