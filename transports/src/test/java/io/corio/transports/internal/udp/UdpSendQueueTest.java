package io.corio.transports.internal.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.sync.Queue;
import io.corio.transports.Buffers;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Extra;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The send queue and its flow control, on real loopback sockets whose send call is wrapped to refuse datagrams
 * on demand: Linux loopback never reports a full socket buffer (the device frees the sender's memory during the
 * send), so "the kernel said 0" is the only part simulated; every datagram that is sent goes through the socket.
 */
class UdpSendQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final EventLoop loop = EventLoop.create();
    private final Throttle throttle = new Throttle();
    private final List<DatagramTransport> opened = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        opened.forEach(DatagramTransport::abort);
        loop.close();
    }

    @Test
    void pausesStrictlyAboveHighAndResumesAtOrBelowLowInPairs() {
        run(() -> {
            var peer = new Peer();
            var sender = new Flow();
            open(sender, peer, 3000, 1000);
            throttle.full = true;
            for (int i = 0; i < 3; i++) {
                sender.transport.sendTo(datagram(i, 1000), peer.address);
            }
            assertThat(sender.events).isEmpty(); // 3000 is not above 3000
            sender.transport.sendTo(datagram(3, 1000), peer.address);
            sender.transport.sendTo(datagram(4, 1000), peer.address);
            assertThat(sender.events).containsExactly("pause@4000");

            throttle.oneAtATime();
            for (int i = 0; i < 5; i++) {
                assertThat(peer.next()).isEqualTo(i);
            }
            assertThat(sender.events).containsExactly("pause@4000", "resume@1000");
            assertThat(sender.transport.writeBufferSize()).isZero();
            return null;
        });
    }

    @Test
    void changedWaterMarksPauseAndResumeAtOnce() {
        run(() -> {
            var peer = new Peer();
            var sender = new Flow();
            open(sender, peer, 64 * 1024, 16 * 1024);
            throttle.full = true;
            sender.transport.sendTo(datagram(0, 1000), peer.address);
            sender.transport.sendTo(datagram(1, 1000), peer.address);

            sender.transport.setWriteBufferLimits(1000, 500);
            assertThat(sender.events).containsExactly("pause@2000");
            assertThat(sender.transport.toString()).contains("queued=2/2000B, paused");
            sender.transport.setWriteBufferLimits(4000, 2000);
            assertThat(sender.events).containsExactly("pause@2000", "resume@2000");
            sender.transport.abort();
            return null;
        });
    }

    @Test
    void closeFlushesQueuedDatagramsThenLosesTheConnection() {
        run(() -> {
            var peer = new Peer();
            var sender = new Flow();
            open(sender, peer, 64 * 1024, 16 * 1024);
            throttle.full = true;
            for (int i = 0; i < 3; i++) {
                sender.transport.sendTo(datagram(i, 100), peer.address);
            }
            sender.transport.close();
            assertThat(sender.transport.isClosing()).isTrue();
            assertThat(sender.lost.isDone()).isFalse();

            throttle.full = false;
            for (int i = 0; i < 3; i++) {
                assertThat(peer.next()).isEqualTo(i);
            }
            assertThat(Async.timeout(WAIT, sender.lost::await)).isNull();
            return null;
        });
    }

    @Test
    void abortDropsAndReleasesQueuedDatagrams() {
        run(() -> {
            var peer = new Peer();
            var sender = new Flow();
            open(sender, peer, 64 * 1024, 16 * 1024);
            throttle.full = true;
            List<ByteBuf> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ByteBuf d = datagram(i, 100);
                queued.add(d);
                sender.transport.sendTo(d, peer.address);
            }
            sender.transport.abort();
            assertThat(queued).allSatisfy(d -> assertThat(d.refCnt()).isZero());
            assertThat(sender.transport.writeBufferSize()).isZero();
            assertThat(Async.timeout(WAIT, sender.lost::await)).isNull();

            throttle.full = false;
            var other = new Flow();
            open(other, peer, 64 * 1024, 16 * 1024);
            other.transport.sendTo(datagram(99, 100), peer.address);
            assertThat(peer.next()).isEqualTo(99); // nothing from the aborted queue came first
            other.transport.close();
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Wraps the real send call: refuses everything while {@code full}, or every other call after oneAtATime(). */
    private static final class Throttle {
        boolean full;
        boolean alternate;
        int calls;

        /** Lets one datagram through per writability event: the queue shrinks one step at a time. */
        void oneAtATime() {
            full = false;
            alternate = true;
        }

        DatagramSender wrap(DatagramSender real) {
            return (src, target) -> {
                if (full || (alternate && ++calls % 2 == 0)) {
                    return 0;
                }
                return real.send(src, target);
            };
        }
    }

    /** Records flow-control events with the queue size at the time, and the loss. */
    private final class Flow implements DatagramProtocol {
        final List<String> events = new ArrayList<>();
        final Future<Throwable> lost = loop.createFuture();
        DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport transport) {
            this.transport = transport;
        }

        @Override
        public void pauseWriting() {
            events.add("pause@" + transport.writeBufferSize());
        }

        @Override
        public void resumeWriting() {
            events.add("resume@" + transport.writeBufferSize());
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.setResult(cause);
        }
    }

    /** A plain endpoint that collects the leading int of each datagram it receives. */
    private final class Peer implements DatagramProtocol {
        final Queue<Integer> received = new Queue<>();
        final SocketAddress address;

        Peer() {
            DatagramTransport t = DatagramEndpoints.create(loop, () -> this,
                    DatagramOptions.bind(new InetSocketAddress("127.0.0.1", 0))).await();
            address = t.extra(Extra.LOCAL_ADDRESS);
            opened.add(t);
        }

        @Override
        public void datagramReceived(ByteBuf data, SocketAddress sender) {
            received.offer(data.getInt(data.readerIndex()));
        }

        int next() {
            return Async.timeout(WAIT, received::get);
        }
    }

    private void open(DatagramProtocol protocol, Peer peer, int high, int low) {
        opened.add(DatagramEndpoints.create(loop, () -> protocol,
                DatagramOptions.bind(new InetSocketAddress("127.0.0.1", 0)).withWriteBufferLimits(high, low),
                throttle::wrap).await());
    }

    /** A datagram of {@code size} bytes starting with the int {@code n}. */
    private static ByteBuf datagram(int n, int size) {
        return Buffers.allocator().directBuffer(size).writeInt(n).writeZero(size - 4);
    }

    private <T> T run(Callable<T> body) {
        return loop.runUntilComplete(body);
    }
}
