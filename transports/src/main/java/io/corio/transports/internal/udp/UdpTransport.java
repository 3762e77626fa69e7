package io.corio.transports.internal.udp;

import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Extra;
import io.corio.transports.internal.LoopCounters;
import io.corio.transports.internal.WaterMarks;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * A UDP endpoint on a non-blocking {@link DatagramChannel}. Reading drains up to {@link #DATAGRAMS_PER_EVENT}
 * datagrams per readiness event into one pooled buffer, reused while the protocol does not retain it. Sending
 * tries the socket at once when nothing is queued; a datagram the socket refuses is queued whole and flushed on
 * writability, and the queue's byte count drives pause/resume writing.
 */
final class UdpTransport implements DatagramTransport {
    /** Datagrams read per readiness event before yielding to other channels (Netty reads 16 messages too). */
    static final int DATAGRAMS_PER_EVENT = 16;

    private enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final DatagramSender sender;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final boolean ipv4Only;
    private final int maxDatagramSize;
    private final LoopCounters counters;
    private int high;
    private int low;
    private State state = State.OPEN;
    private boolean writingPaused;
    private SendQueue queue;

    UdpTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, DatagramSender sender,
                 int maxDatagramSize, int high, int low) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.sender = sender;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
        this.ipv4Only = !(((InetSocketAddress) local).getAddress() instanceof Inet6Address);
        this.maxDatagramSize = maxDatagramSize;
        this.counters = LoopCounters.of(loop);
        this.high = high;
        this.low = low;
    }

    /**
     * Calls {@code connectionMade}, then starts reading unless the protocol closed the endpoint meanwhile. If
     * {@code connectionMade} throws, the endpoint closes (its {@code connectionLost} gets the exception) and the
     * exception is rethrown for the caller's future.
     */
    void start() {
        try {
            protocol.connectionMade(this);
        } catch (RuntimeException e) {
            closeNow(e);
            throw e;
        }
        if (state == State.OPEN) {
            loop.addReader(channel, this::readReady);
        }
    }

    // ------------------------------------------------------------------------------------------ reading

    private void readReady() {
        ByteBuf buf = null;
        try {
            for (int i = 0; i < DATAGRAMS_PER_EVENT && state == State.OPEN; i++) {
                if (buf == null) {
                    buf = Buffers.allocator().directBuffer(maxDatagramSize, maxDatagramSize);
                }
                buf.clear();
                ByteBuffer nio = buf.internalNioBuffer(0, maxDatagramSize);
                int start = nio.position();
                SocketAddress from;
                try {
                    from = channel.receive(nio); // a longer datagram is truncated by the kernel
                } catch (ClosedChannelException e) {
                    fatalError(e, "Fatal read error on " + this);
                    return;
                } catch (PortUnreachableException e) {
                    errorReceived(e); // an ICMP error on a connected endpoint; datagrams may follow
                    continue;
                } catch (IOException e) {
                    errorReceived(e);
                    return;
                }
                if (from == null) {
                    return;
                }
                buf.writerIndex(nio.position() - start);
                counters.datagramsReceived++;
                counters.datagramBytesReceived += buf.readableBytes();
                deliver(buf, from);
                if (buf.refCnt() != 1) { // retained by the protocol (or wrongly released): not ours to reuse
                    if (buf.refCnt() > 0) {
                        buf.release();
                    }
                    buf = null;
                }
            }
        } finally {
            if (buf != null) {
                buf.release();
            }
        }
    }

    private void deliver(ByteBuf buf, SocketAddress from) {
        try {
            protocol.datagramReceived(buf, from);
        } catch (RuntimeException e) {
            reportCallback(e, "datagramReceived");
        }
    }

    private void errorReceived(Throwable error) {
        try {
            protocol.errorReceived(error);
        } catch (RuntimeException e) {
            reportCallback(e, "errorReceived");
        }
    }

    // ------------------------------------------------------------------------------------------ sending

    @Override
    public void sendTo(ByteBuf data, SocketAddress address) {
        SocketAddress target;
        try {
            target = targetOf(address);
        } catch (IllegalArgumentException e) {
            data.release();
            throw e;
        }
        if (state != State.OPEN) {
            data.release(); // dropped after close, as asyncio drops writes after close
            return;
        }
        if (queue == null || queue.isEmpty()) {
            boolean sent;
            try {
                sent = trySend(data, target);
            } catch (IOException e) {
                data.release();
                sendFailed(e);
                return;
            }
            if (sent) {
                data.release();
                return;
            }
            if (queue == null) {
                queue = new SendQueue();
            }
            loop.addWriter(channel, this::writeReady);
        }
        queue.add(data, target);
        if (!writingPaused && queue.bytes() > high) {
            writingPaused = true;
            flowCallback(true);
        }
    }

    /** The address to pass to the sender: null for the connected peer. */
    private SocketAddress targetOf(SocketAddress address) {
        if (remote != null) {
            if (address != null && !address.equals(remote)) {
                throw new IllegalArgumentException("this endpoint is connected to " + remote
                        + "; it cannot send to " + address);
            }
            return null;
        }
        if (address == null) {
            throw new IllegalArgumentException("this endpoint is not connected: sendTo needs an address");
        }
        if (!(address instanceof InetSocketAddress isa) || isa.isUnresolved()) {
            throw new IllegalArgumentException("UDP needs a resolved InetSocketAddress, got " + address);
        }
        if (ipv4Only && isa.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException("an IPv4 endpoint cannot send to the IPv6 address " + address);
        }
        return address;
    }

    /** True when the socket took the datagram, false when its buffer is full. */
    private boolean trySend(ByteBuf data, SocketAddress target) throws IOException {
        int length = data.readableBytes();
        ByteBuffer src = data.nioBufferCount() == 1
                ? data.internalNioBuffer(data.readerIndex(), length)
                : data.nioBuffer(); // a composite: one datagram needs one buffer
        // 0 means "buffer full", except for an empty datagram, which cannot be told apart and counts as sent
        if (sender.send(src, target) > 0 || length == 0) {
            counters.datagramsSent++;
            counters.datagramBytesSent += length;
            return true;
        }
        return false;
    }

    private void writeReady() {
        while (!queue.isEmpty() && state != State.CLOSED) {
            boolean sent;
            try {
                sent = trySend(queue.headData(), queue.headTarget());
            } catch (IOException e) {
                queue.removeHead();
                sendFailed(e);
                continue;
            }
            if (!sent) {
                break;
            }
            queue.removeHead();
        }
        if (state == State.CLOSED) {
            return;
        }
        if (writingPaused && queue.bytes() <= low) {
            writingPaused = false;
            flowCallback(false);
        }
        if (queue.isEmpty() && state != State.CLOSED) {
            loop.removeWriter(channel);
            if (state == State.CLOSING) {
                closeNow(null);
            }
        }
    }

    /** A failed send drops the datagram: a closed channel is fatal, anything else goes to errorReceived. */
    private void sendFailed(IOException e) {
        if (e instanceof ClosedChannelException) {
            fatalError(e, "Fatal send error on " + this);
        } else {
            errorReceived(e);
        }
    }

    // ------------------------------------------------------------------------------------------ closing

    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        transitionTo(State.CLOSING);
        loop.removeReader(channel);
        if (queue == null || queue.isEmpty()) {
            closeNow(null);
        }
    }

    @Override
    public void abort() {
        closeNow(null);
    }

    /** Reports {@code e} to the loop's exception handler, then closes at once and loses the connection with it. */
    private void fatalError(Throwable e, String message) {
        if (state == State.CLOSED) {
            return;
        }
        loop.callExceptionHandler(ErrorContext.of(message, e, this, this, protocol));
        closeNow(e);
    }

    /** Drops the queue, closes the channel and schedules {@code connectionLost(cause)}; at most once. */
    private void closeNow(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        transitionTo(State.CLOSED);
        loop.removeReader(channel);
        loop.removeWriter(channel);
        if (queue != null) {
            queue.clear();
        }
        try {
            channel.close();
        } catch (IOException e) {
            loop.callExceptionHandler(ErrorContext.of("Closing the channel of " + this + " failed", e, this, this,
                    protocol));
        }
        loop.callSoon(() -> protocol.connectionLost(cause));
    }

    private void transitionTo(State next) {
        boolean legal = switch (state) {
            case OPEN -> next == State.CLOSING || next == State.CLOSED;
            case CLOSING -> next == State.CLOSED;
            case CLOSED -> false;
        };
        if (!legal) {
            throw new IllegalStateException("UdpTransport cannot go from " + state + " to " + next);
        }
        state = next;
    }

    @Override
    public boolean isClosing() {
        return state != State.OPEN;
    }

    // ------------------------------------------------------------------------------------- flow control

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks.check(high, low);
        this.high = high;
        this.low = low;
        int crossing = WaterMarks.crossing(writingPaused, writeBufferSize(), high, low);
        if (crossing != WaterMarks.NONE) {
            writingPaused = crossing == WaterMarks.PAUSE;
            flowCallback(writingPaused);
        }
    }

    private void flowCallback(boolean pause) {
        try {
            if (pause) {
                protocol.pauseWriting();
            } else {
                protocol.resumeWriting();
            }
        } catch (RuntimeException e) {
            reportCallback(e, pause ? "pauseWriting" : "resumeWriting");
        }
    }

    /** A protocol callback threw: reported, and the endpoint stays open (one bad datagram must not kill it). */
    private void reportCallback(RuntimeException e, String callback) {
        loop.callExceptionHandler(ErrorContext.of("Exception in " + callback + " of " + protocol + " on " + this,
                e, this, this, protocol));
    }

    @Override
    public int writeBufferHigh() {
        return high;
    }

    @Override
    public int writeBufferLow() {
        return low;
    }

    @Override
    public long writeBufferSize() {
        return queue == null ? 0 : queue.bytes();
    }

    // ---------------------------------------------------------------------------------------- the rest

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public DatagramProtocol protocol() {
        return protocol;
    }

    @Override
    public <T> T extra(Extra<T> key) {
        if (key == Extra.LOCAL_ADDRESS) {
            return key.cast(local);
        }
        if (key == Extra.PEER_ADDRESS) {
            return key.cast(remote);
        }
        if (key == Extra.CHANNEL) {
            return key.cast(channel);
        }
        return null;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("UdpTransport[local=").append(addressText(local));
        if (remote != null) {
            sb.append(", remote=").append(addressText(remote));
        }
        sb.append(", state=").append(state);
        if (queue != null && !queue.isEmpty()) {
            sb.append(", queued=").append(queue.size()).append('/').append(queue.bytes()).append('B');
        }
        if (writingPaused) {
            sb.append(", paused");
        }
        return sb.append(']').toString();
    }

    private static String addressText(SocketAddress address) {
        if (address instanceof InetSocketAddress isa && isa.getAddress() != null) {
            String host = isa.getAddress().getHostAddress();
            return (isa.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + isa.getPort();
        }
        return String.valueOf(address);
    }
}
