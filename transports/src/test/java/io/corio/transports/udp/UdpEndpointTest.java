package io.corio.transports.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UDP endpoints over real loopback sockets: sending, receiving, connected mode, errors, lifecycle. */
class UdpEndpointTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void datagramsEchoBetweenTwoEndpoints() {
        run(() -> {
            DatagramTransport server = open(new Echo(), DatagramOptions.bind(any()));
            var client = new DatagramRecorder(loop);
            open(client, DatagramOptions.bind(any()));
            client.transport.sendTo(Buffers.utf8("ping"), local(server));
            client.transport.sendTo(Buffers.utf8("pong"), local(server));

            assertThat(client.next()).satisfies(d -> {
                assertThat(d.text()).isEqualTo("ping");
                assertThat(d.sender()).isEqualTo(local(server));
            });
            assertThat(client.next().text()).isEqualTo("pong");
            closeAll(server, client.transport);
            return null;
        });
    }

    @Test
    void connectedEndpointSendsWithoutAddressAndHearsOnlyItsPeer() {
        run(() -> {
            var server = new DatagramRecorder(loop);
            open(server, DatagramOptions.bind(any()));
            var client = new DatagramRecorder(loop);
            open(client, DatagramOptions.connect(local(server.transport)));
            client.transport.send(Buffers.utf8("hello"));

            var hello = server.next();
            assertThat(hello.text()).isEqualTo("hello");
            assertThat(hello.sender()).isEqualTo(local(client.transport));
            assertThat(client.transport.remoteAddress()).isEqualTo(local(server.transport));
            assertThat(client.transport.extra(Extra.PEER_ADDRESS)).isEqualTo(local(server.transport));
            assertThat(server.transport.extra(Extra.PEER_ADDRESS)).isNull();

            var stranger = new DatagramRecorder(loop);
            open(stranger, DatagramOptions.bind(any()));
            stranger.transport.sendTo(Buffers.utf8("not for you"), local(client.transport));
            server.transport.sendTo(Buffers.utf8("back"), hello.sender());
            assertThat(client.next().text()).isEqualTo("back"); // the stranger's datagram was filtered out
            closeAll(server.transport, client.transport, stranger.transport);
            return null;
        });
    }

    @Test
    void connectedEndpointRefusesAnotherAddressAndReleasesTheBuffer() {
        run(() -> {
            var peer = new DatagramRecorder(loop);
            open(peer, DatagramOptions.bind(any()));
            DatagramTransport client = open(new DatagramRecorder(loop), DatagramOptions.connect(local(peer.transport)));
            ByteBuf data = Buffers.utf8("x");

            assertThatThrownBy(() -> client.sendTo(data, new InetSocketAddress("127.0.0.1", 9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connected to " + local(peer.transport));
            assertThat(data.refCnt()).isZero();
            closeAll(peer.transport, client);
            return null;
        });
    }

    @Test
    void unconnectedEndpointNeedsAnAddress() {
        run(() -> {
            DatagramTransport endpoint = open(new DatagramRecorder(loop), DatagramOptions.bind(any()));
            ByteBuf data = Buffers.utf8("x");

            assertThatThrownBy(() -> endpoint.send(data))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not connected");
            assertThat(data.refCnt()).isZero();
            closeAll(endpoint);
            return null;
        });
    }

    @Test
    void portUnreachableReachesErrorReceivedAndTheEndpointStaysOpen() throws Exception {
        InetSocketAddress closedPort = freePort();
        run(() -> {
            var client = new DatagramRecorder(loop);
            open(client, DatagramOptions.connect(closedPort));
            client.transport.send(Buffers.utf8("anyone?")); // the ICMP answer fails the next receive

            assertThat(client.nextError()).isInstanceOf(PortUnreachableException.class);
            assertThat(client.transport.isClosing()).isFalse();

            var late = new DatagramRecorder(loop); // the peer comes up: the same endpoint still works
            open(late, DatagramOptions.bind(closedPort));
            client.transport.send(Buffers.utf8("now?"));
            assertThat(late.next().text()).isEqualTo("now?");
            assertThat(client.lostCalls).isZero();
            closeAll(client.transport, late.transport);
            return null;
        });
    }

    @Test
    void datagramLargerThanMaxDatagramSizeArrivesTruncated() {
        run(() -> {
            var receiver = new DatagramRecorder(loop);
            open(receiver, DatagramOptions.bind(any()).withMaxDatagramSize(100));
            DatagramTransport sender = open(new DatagramRecorder(loop), DatagramOptions.bind(any()));
            byte[] big = new byte[1000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            sender.sendTo(Buffers.copyOf(big), local(receiver.transport));
            sender.sendTo(Buffers.utf8("small"), local(receiver.transport));

            assertThat(receiver.next().bytes()).isEqualTo(Arrays.copyOf(big, 100)); // the kernel dropped the rest
            assertThat(receiver.next().text()).isEqualTo("small");
            closeAll(sender, receiver.transport);
            return null;
        });
    }

    @Test
    void oneBufferServesADrainOfDatagramsUnlessTheProtocolRetainsOne() {
        run(() -> {
            var buffers = new java.util.ArrayList<ByteBuf>();
            var kept = new java.util.ArrayList<ByteBuf>();
            var done = loop.<Void>createFuture();
            DatagramProtocol receiver = new DatagramProtocol() {
                @Override
                public void datagramReceived(ByteBuf data, SocketAddress sender) {
                    buffers.add(data);
                    if (Buffers.text(data).startsWith("keep")) {
                        kept.add(data.retain());
                    }
                    if (buffers.size() == 4) {
                        done.setResult(null);
                    }
                }
            };
            DatagramTransport in = open(receiver, DatagramOptions.bind(any()));
            DatagramTransport out = open(new DatagramRecorder(loop), DatagramOptions.bind(any()));
            for (String text : new String[] {"a", "b", "keep c", "d"}) { // all queued before the receiver reads
                out.sendTo(Buffers.utf8(text), local(in));
            }
            io.corio.loop.Async.timeout(DatagramRecorder.WAIT, done::await);

            assertThat(buffers.get(1)).isSameAs(buffers.get(0)).isSameAs(buffers.get(2));
            assertThat(buffers.get(3)).isNotSameAs(buffers.get(2)); // the retained one is the protocol's now
            assertThat(kept).singleElement().satisfies(b -> assertThat(Buffers.text(b)).isEqualTo("keep c"));
            kept.forEach(ByteBuf::release);
            closeAll(in, out);
            return null;
        });
    }

    @Test
    void aDatagramTooLargeForUdpReachesErrorReceived() {
        run(() -> {
            var peer = new DatagramRecorder(loop);
            open(peer, DatagramOptions.bind(any()));
            var sender = new DatagramRecorder(loop);
            open(sender, DatagramOptions.bind(any()));
            ByteBuf huge = Buffers.allocator().directBuffer(70_000).writeZero(70_000);
            sender.transport.sendTo(huge, local(peer.transport));

            assertThat(sender.nextError()).isInstanceOf(java.io.IOException.class).hasMessageContaining("too long");
            assertThat(huge.refCnt()).isZero();
            sender.transport.sendTo(Buffers.utf8("still open"), local(peer.transport));
            assertThat(peer.next().text()).isEqualTo("still open");
            closeAll(peer.transport, sender.transport);
            return null;
        });
    }

    @Test
    void connectionLostIsCalledExactlyOnceWhateverClosesTheEndpoint() {
        run(() -> {
            var recorder = new DatagramRecorder(loop);
            open(recorder, DatagramOptions.bind(any()));
            recorder.transport.close();
            recorder.transport.abort();
            recorder.transport.close();

            assertThat(recorder.awaitLost()).isNull();
            io.corio.loop.Async.sleep(java.time.Duration.ofMillis(20)); // room for a wrong second call
            assertThat(recorder.lostCalls).isEqualTo(1);
            assertThat(recorder.events).containsExactly("made", "lost");
            assertThat(((DatagramChannel) recorder.transport.extra(Extra.CHANNEL)).isOpen()).isFalse();
            return null;
        });
    }

    @Test
    void sendsAfterCloseAreDroppedAndReleased() {
        run(() -> {
            DatagramTransport endpoint = open(new DatagramRecorder(loop), DatagramOptions.bind(any()));
            endpoint.close();
            ByteBuf data = Buffers.utf8("late");
            endpoint.sendTo(data, new InetSocketAddress("127.0.0.1", 9));
            assertThat(data.refCnt()).isZero();
            return null;
        });
    }

    @Test
    void socketOptionsAreSetOnTheChannel() {
        run(() -> {
            DatagramTransport endpoint = open(new DatagramRecorder(loop),
                    DatagramOptions.bind(any()).withBroadcast(true).withReuseAddress(true).withReusePort(true));
            var channel = (DatagramChannel) endpoint.extra(Extra.CHANNEL);

            assertThat(channel.getOption(StandardSocketOptions.SO_BROADCAST)).isTrue();
            assertThat(channel.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            assertThat(channel.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
            assertThat(channel.isBlocking()).isFalse();
            closeAll(endpoint);
            return null;
        });
    }

    @Test
    void toStringShowsAddressesAndState() {
        run(() -> {
            var peer = new DatagramRecorder(loop);
            open(peer, DatagramOptions.bind(any()));
            DatagramTransport client = open(new DatagramRecorder(loop), DatagramOptions.connect(local(peer.transport)));

            assertThat(client.toString()).isEqualTo("UdpTransport[local=127.0.0.1:" + local(client).getPort()
                    + ", remote=127.0.0.1:" + local(peer.transport).getPort() + ", state=OPEN]");
            client.close();
            assertThat(client.toString()).contains("state=CLOSED");
            closeAll(peer.transport, client);
            return null;
        });
    }

    @Test
    void aThrowingDatagramReceivedIsReportedAndTheEndpointStaysOpen() {
        var reports = new java.util.ArrayList<String>();
        loop.setExceptionHandler((l, context) -> reports.add(context.message()));
        run(() -> {
            var received = new DatagramRecorder(loop) {
                @Override
                public void datagramReceived(ByteBuf data, SocketAddress sender) {
                    super.datagramReceived(data, sender);
                    if (data.toString(java.nio.charset.StandardCharsets.UTF_8).equals("boom")) {
                        throw new IllegalStateException("boom");
                    }
                }
            };
            open(received, DatagramOptions.bind(any()));
            DatagramTransport sender = open(new DatagramRecorder(loop), DatagramOptions.bind(any()));
            sender.sendTo(Buffers.utf8("boom"), local(received.transport));
            sender.sendTo(Buffers.utf8("fine"), local(received.transport));

            assertThat(received.next().text()).isEqualTo("boom");
            assertThat(received.next().text()).isEqualTo("fine");
            assertThat(reports).singleElement().asString().contains("Exception in datagramReceived");
            assertThat(received.transport.isClosing()).isFalse();
            closeAll(sender, received.transport);
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** A protocol that sends every datagram back to its sender. */
    static final class Echo implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport transport) {
            this.transport = transport;
        }

        @Override
        public void datagramReceived(ByteBuf data, SocketAddress sender) {
            transport.sendTo(data.retain(), sender);
        }
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(body);
    }

    private DatagramTransport open(DatagramProtocol protocol, DatagramOptions options) {
        return Network.createDatagramEndpoint(loop, () -> protocol, options).await();
    }

    static InetSocketAddress any() {
        return new InetSocketAddress("127.0.0.1", 0);
    }

    static InetSocketAddress local(DatagramTransport transport) {
        return (InetSocketAddress) transport.extra(Extra.LOCAL_ADDRESS);
    }

    /** A loopback port that nothing listens on (bound, then released). */
    static InetSocketAddress freePort() throws Exception {
        try (var channel = DatagramChannel.open()) {
            channel.bind(any());
            return (InetSocketAddress) channel.getLocalAddress();
        }
    }

    /** Closes the endpoints and awaits each one's connectionLost. In a task. */
    static void closeAll(DatagramTransport... endpoints) {
        for (DatagramTransport endpoint : endpoints) {
            endpoint.close();
        }
        for (DatagramTransport endpoint : endpoints) {
            if (endpoint.protocol() instanceof DatagramRecorder recorder) {
                recorder.awaitLost();
            }
        }
    }
}
