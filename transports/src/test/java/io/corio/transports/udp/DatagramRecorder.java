package io.corio.transports.udp;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.sync.Queue;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A datagram protocol that remembers what it is told: datagrams (copied, so nothing leaks) and errors in queues
 * that a test task awaits with a timeout, flow-control and lifecycle events in order, and the loss.
 */
class DatagramRecorder implements DatagramProtocol {
    static final Duration WAIT = Duration.ofSeconds(5);

    record Datagram(byte[] bytes, SocketAddress sender) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    final Queue<Datagram> datagrams = new Queue<>();
    final Queue<Throwable> errors = new Queue<>();
    final List<String> events = new ArrayList<>();
    final Future<Throwable> lost;
    DatagramTransport transport;
    int lostCalls;

    DatagramRecorder(EventLoop loop) {
        this.lost = loop.createFuture();
    }

    @Override
    public void connectionMade(DatagramTransport transport) {
        this.transport = transport;
        events.add("made");
    }

    @Override
    public void datagramReceived(ByteBuf data, SocketAddress sender) {
        byte[] copy = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), copy);
        datagrams.offer(new Datagram(copy, sender));
    }

    @Override
    public void errorReceived(Throwable error) {
        errors.offer(error);
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
        lostCalls++;
        events.add("lost");
        if (!lost.isDone()) {
            lost.setResult(cause);
        }
    }

    /** The next datagram, awaited for at most {@link #WAIT}. In a task. */
    Datagram next() {
        return Async.timeout(WAIT, datagrams::get);
    }

    /** The next error, awaited for at most {@link #WAIT}. In a task. */
    Throwable nextError() {
        return Async.timeout(WAIT, errors::get);
    }

    /** The cause passed to connectionLost (null for a regular close), awaited for at most {@link #WAIT}. */
    Throwable awaitLost() {
        return Async.timeout(WAIT, lost::await);
    }
}
