package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Extra;
import io.corio.transports.ServerOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The UDP echo without sockets: a recording datagram transport shows what it sends, to whom, and when it drops. */
class EchoDatagramTest {
    private static final SocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40001);
    private static final SocketAddress BOB = new InetSocketAddress("127.0.0.1", 40002);

    private final TestLoop loop = TestLoop.create();
    private final EchoDatagram echo = EchoDatagram.create(loop);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void eachDatagramGoesBackWholeToItsSender() {
        var udp = new SentDatagrams(loop);
        DatagramProtocol endpoint = open(udp);

        receive(endpoint, "one", ALICE);
        receive(endpoint, "two", BOB);

        assertThat(udp.sent).containsExactly("one -> " + ALICE, "two -> " + BOB);
        assertThat(echo.echoed()).isEqualTo(2);
        assertThat(echo.dropped()).isZero();
    }

    @Test
    void whileTheSendQueueIsOverItsHighMarkDatagramsAreDroppedAndCounted() {
        var udp = new SentDatagrams(loop);
        DatagramProtocol endpoint = open(udp);

        endpoint.pauseWriting();
        receive(endpoint, "lost 1", ALICE);
        receive(endpoint, "lost 2", BOB);
        endpoint.resumeWriting();
        receive(endpoint, "kept", ALICE);

        assertThat(udp.sent).containsExactly("kept -> " + ALICE);
        assertThat(echo.dropped()).isEqualTo(2);
        assertThat(echo.echoed()).isEqualTo(1);
        assertThat(echo.toString()).contains("dropped=2");
    }

    @Test
    void drainClosesEveryEndpointAndCompletesWhenTheyAreClosed() {
        var first = new SentDatagrams(loop);
        var second = new SentDatagrams(loop);
        DatagramProtocol a = open(first);
        DatagramProtocol b = open(second);
        assertThat(echo.endpoints()).isEqualTo(2);

        Future<Void> drained = echo.drain();
        assertThat(first.closing && second.closing).isTrue();
        assertThat(drained.isDone()).isFalse();
        a.connectionLost(null);
        b.connectionLost(null);

        assertThat(drained.isDone()).isTrue();
        assertThat(echo.endpoints()).isZero();
    }

    @Test
    void anEndpointOpenedWhileDrainingIsClosedAtOnce() {
        echo.drain();
        var late = new SentDatagrams(loop);

        open(late);

        assertThat(late.closing).isTrue();
        assertThat(echo.endpoints()).isZero();
    }

    private DatagramProtocol open(SentDatagrams transport) {
        DatagramProtocol endpoint = echo.protocolFactory().get();
        transport.protocol = endpoint;
        endpoint.connectionMade(transport);
        return endpoint;
    }

    /** Delivers a datagram as a transport does: borrowed for the call, released after it. */
    private static void receive(DatagramProtocol endpoint, String text, SocketAddress sender) {
        ByteBuf data = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            endpoint.datagramReceived(data, sender);
        } finally {
            data.release();
        }
    }

    /** Records each datagram sent as "text -> address" and releases it, as the socket would. */
    private static final class SentDatagrams implements DatagramTransport {
        final List<String> sent = new ArrayList<>();
        final EventLoop loop;
        DatagramProtocol protocol;
        boolean closing;

        SentDatagrams(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void sendTo(ByteBuf data, SocketAddress address) {
            try {
                sent.add(data.toString(StandardCharsets.UTF_8) + " -> " + address);
            } finally {
                data.release();
            }
        }

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }

        @Override
        public DatagramProtocol protocol() {
            return protocol;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public void close() {
            closing = true;
        }

        @Override
        public void abort() {
            closing = true;
        }

        @Override
        public boolean isClosing() {
            return closing;
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {
        }

        @Override
        public int writeBufferHigh() {
            return ServerOptions.DEFAULT_WRITE_HIGH;
        }

        @Override
        public int writeBufferLow() {
            return ServerOptions.DEFAULT_WRITE_LOW;
        }

        @Override
        public long writeBufferSize() {
            return 0;
        }

        @Override
        public <T> T extra(Extra<T> key) {
            return null;
        }
    }
}
