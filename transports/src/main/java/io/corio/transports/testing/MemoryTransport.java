package io.corio.transports.testing;

import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import io.corio.transports.internal.ChunkedFileSender;
import io.corio.transports.internal.FileSends;
import io.corio.transports.internal.WaterMarks;
import io.netty.buffer.ByteBuf;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * One end of an in-memory stream connection: protocols are tested without sockets, deterministically, on a
 * {@link io.corio.loop.testing.TestLoop}. Bytes written at one end reach the other end's {@code dataReceived} in a
 * later loop iteration, at most {@link #setChunkSize chunkSize} bytes per call; they count in the writer's
 * {@link #writeBufferSize()} until delivered, so a reader that pauses reading makes the writer's buffer grow and
 * its protocol's {@code pauseWriting} fire exactly as over TCP. {@code sendFile} reads the file in 64 KiB chunks
 * as the buffer drains, as over TLS.
 *
 * <pre>{@code
 * var loop = TestLoop.create();
 * var recorder = new RecordingProtocol();
 * var pair = MemoryTransport.pair(loop, new Echo(), recorder);
 * pair.client().write("ping");
 * loop.advance(Duration.ofSeconds(30));
 * assertThat(recorder.text()).isEqualTo("ping");
 * }</pre>
 *
 * Closing mirrors TCP: {@code close()} flushes, then the peer sees {@code eofReceived}; {@code abort()} drops the
 * buffer and the peer's connection is lost with a {@link SocketException} "Connection reset by peer". Like every
 * transport, methods are called on the loop thread.
 */
public final class MemoryTransport implements Transport {
    /** The two ends of a connection: {@code server} was given the first protocol, {@code client} the second. */
    public record Pair(MemoryTransport server, MemoryTransport client) {
    }

    private enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final String name;
    private MemoryTransport peer;
    private Protocol protocol;
    private final ArrayDeque<ByteBuf> outgoing = new ArrayDeque<>();
    private long buffered;
    private int high = ServerOptions.DEFAULT_WRITE_HIGH;
    private int low = ServerOptions.DEFAULT_WRITE_LOW;
    private int chunkSize = Integer.MAX_VALUE;
    private State state = State.OPEN;
    private boolean reading = true;
    private boolean writingPaused;
    private boolean eofWritten;
    private boolean eofDelivered;
    private boolean deliveryScheduled;
    private ChunkedFileSender files;   // created by the first sendFile

    private MemoryTransport(EventLoop loop, String name, Protocol protocol) {
        this.loop = loop;
        this.name = name;
        this.protocol = protocol;
    }

    /**
     * Connects {@code serverProtocol} and {@code clientProtocol}; both {@code connectionMade} calls happen before
     * this returns (server first). Call on the loop's thread, or while the loop is not running.
     */
    public static Pair pair(EventLoop loop, Protocol serverProtocol, Protocol clientProtocol) {
        var server = new MemoryTransport(loop, "server", serverProtocol);
        var client = new MemoryTransport(loop, "client", clientProtocol);
        server.peer = client;
        client.peer = server;
        server.callback(() -> serverProtocol.connectionMade(server));
        client.callback(() -> clientProtocol.connectionMade(client));
        return new Pair(server, client);
    }

    /**
     * Connects {@code protocol} to a {@link RecordingProtocol} that the test drives through {@link #peer()}:
     * {@code t.peer().transport().write("GET / HTTP/1.1\r\n...")}, then read what the protocol wrote with
     * {@code t.peer().text()}.
     */
    public static MemoryTransport open(EventLoop loop, Protocol protocol) {
        return pair(loop, protocol, new RecordingProtocol()).server();
    }

    /** The other end of the connection. */
    public MemoryTransport peerTransport() {
        return peer;
    }

    /** The other end's protocol when it is a {@link RecordingProtocol} (as after {@link #open}). */
    public RecordingProtocol peer() {
        if (peer.protocol instanceof RecordingProtocol recorder) {
            return recorder;
        }
        throw new InvalidStateException("the peer protocol is " + peer.protocol + ", not a RecordingProtocol");
    }

    /** Delivers at most {@code bytes} per {@code dataReceived} call to the peer, to test split reads. */
    public void setChunkSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("chunk size must be > 0, got " + bytes);
        }
        this.chunkSize = bytes;
    }

    // ---------------------------------------------------------------------------------------- writing

    @Override
    public void write(ByteBuf data) {
        if (state != State.OPEN || !data.isReadable()) {
            data.release();
            return;
        }
        if (eofWritten) {
            data.release();
            throw new InvalidStateException("write() after writeEof() on " + this);
        }
        if (filesBusy()) {
            files.write(data);
        } else {
            enqueue(data);
        }
    }

    @Override
    public Future<Long> sendFile(FileChannel file, long position, long count) {
        if (state == State.OPEN && eofWritten) {
            throw new InvalidStateException("sendFile() after writeEof() on " + this);
        }
        Future<Long> done = FileSends.precheck(this, file, position, count);
        if (done != null) {
            return done;
        }
        if (files == null) {
            files = new ChunkedFileSender(this, this::enqueue, this::scheduleDelivery);
        }
        return files.send(file, position, count);
    }

    private boolean filesBusy() {
        return files != null && files.isBusy();
    }

    /** Queues bytes for the peer: a write, or a chunk or held write from the file sender (also while closing). */
    private void enqueue(ByteBuf data) {
        if (state == State.CLOSED || !data.isReadable()) {
            data.release();
            return;
        }
        outgoing.add(data);
        buffered += data.readableBytes();
        if (!writingPaused && buffered > high) {
            writingPaused = true;
            callback(protocol::pauseWriting);
        }
        scheduleDelivery();
    }

    @Override
    public void writeEof() {
        if (state != State.OPEN || eofWritten) {
            return;
        }
        eofWritten = true;
        scheduleDelivery();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    private void scheduleDelivery() {
        if (!deliveryScheduled) {
            deliveryScheduled = true;
            loop.callSoon(this::deliver);
        }
    }

    /** Moves queued bytes into the peer while it reads, then EOF, then finishes a close. */
    private void deliver() {
        deliveryScheduled = false;
        while (!outgoing.isEmpty() && peer.state != State.CLOSED && peer.reading) {
            ByteBuf head = outgoing.peek();
            int n = Math.min(head.readableBytes(), chunkSize);
            ByteBuf chunk = n == head.readableBytes() ? outgoing.poll() : head.readRetainedSlice(n);
            buffered -= n;
            try {
                peer.callback(() -> peer.protocol.dataReceived(chunk));
            } finally {
                chunk.release();
            }
        }
        if (peer.state == State.CLOSED && !outgoing.isEmpty()) {
            lose(new SocketException("Connection reset by peer")); // bytes sent to a closed socket: RST
            return;
        }
        if (writingPaused && buffered <= low) {
            writingPaused = false;
            callback(protocol::resumeWriting);
            if (files != null) {
                files.resumed();
            }
        }
        if (!outgoing.isEmpty() || filesBusy()) {
            return; // the peer paused reading (its resumeReading schedules us again), or a file is on its way
        }
        if (eofWritten && !eofDelivered && peer.state != State.CLOSED) {
            eofDelivered = true;
            peer.eofFromPeer();
        }
        if (state == State.CLOSING) {
            finish(null);
        }
    }

    private void eofFromPeer() {
        if (state == State.CLOSED) {
            return;
        }
        boolean[] keepOpen = {false};
        callback(() -> keepOpen[0] = protocol.eofReceived());
        if (!keepOpen[0]) {
            close();
        }
    }

    // --------------------------------------------------------------------------------- closing

    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        reading = false;
        eofWritten = true;
        scheduleDelivery();
    }

    @Override
    public void abort() {
        if (state == State.CLOSED) {
            return;
        }
        dropOutgoing();
        eofDelivered = true; // a reset, not an end of stream: the peer hears no eofReceived
        finish(null);
        peer.lose(new SocketException("Connection reset by peer"));
    }

    private void lose(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        dropOutgoing();
        finish(cause);
    }

    private void finish(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        reading = false;
        if (files != null) {
            files.lost(cause);
        }
        loop.callSoon(() -> callback(() -> protocol.connectionLost(cause)));
        if (peer.state == State.CLOSED) {
            return;
        }
        if (!peer.outgoing.isEmpty()) {
            peer.lose(new SocketException("Connection reset by peer")); // closed with unread data: RST
        } else if (!eofDelivered) {
            eofDelivered = true;
            peer.eofFromPeer();
        }
    }

    private void dropOutgoing() {
        ByteBuf b;
        while ((b = outgoing.poll()) != null) {
            b.release();
        }
        buffered = 0;
    }

    /** Runs a protocol callback; an exception goes to the loop's handler and aborts the connection, as sockets do. */
    private void callback(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            loop.callExceptionHandler(ErrorContext.of("Exception in protocol callback of " + this, e, this, this,
                    protocol));
            if (state != State.CLOSED) {
                dropOutgoing();
                eofDelivered = true;
                finish(e);
                peer.lose(new SocketException("Connection reset by peer"));
            }
        }
    }

    @Override
    public boolean isClosing() {
        return state != State.OPEN;
    }

    // ---------------------------------------------------------------------------------- reading

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        if (state == State.OPEN && !reading) {
            reading = true;
            peer.scheduleDelivery();
        }
    }

    @Override
    public boolean isReading() {
        return reading;
    }

    // ----------------------------------------------------------------------------------- the rest

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks.check(high, low);
        this.high = high;
        this.low = low;
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
        return buffered;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public <T> T extra(Extra<T> key) {
        if (key == Extra.LOCAL_ADDRESS) {
            return key.cast(new MemoryAddress(name));
        }
        if (key == Extra.PEER_ADDRESS) {
            return key.cast(new MemoryAddress(peer.name));
        }
        return null;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("MemoryTransport[").append(name).append(", state=").append(state);
        if (buffered > 0) {
            sb.append(", buffered=").append(buffered);
        }
        if (!reading && state == State.OPEN) {
            sb.append(", paused");
        }
        if (eofWritten && state == State.OPEN) {
            sb.append(", eof written");
        }
        return sb.append(']').toString();
    }
}
