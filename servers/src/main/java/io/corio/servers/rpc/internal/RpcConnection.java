package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.databind.node.NullNode;
import io.corio.loop.EventLoop;
import io.corio.loop.TimerHandle;
import io.corio.protocols.FrameHandler;
import io.corio.protocols.FramedProtocol;
import io.corio.protocols.LimitOverrunException;
import io.corio.servers.internal.ConnectionSet;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcException;
import io.corio.servers.rpc.RpcServerOptions;
import io.corio.transports.Buffers;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

/**
 * One server connection: frames in, calls admitted under the in-flight limit, responses out. Reading pauses while
 * {@code inFlight} calls run, while the transport's write buffer is over its high-water mark (a client that does
 * not read its answers stops being read), and for good once draining. Loop thread only.
 */
final class RpcConnection extends Session implements FrameHandler<ByteBuf> {
    private static final RpcException CONNECTION_LOST = new RpcException(RpcException.INTERNAL_ERROR,
            "connection lost");

    private final Dispatcher dispatcher;
    private final RpcServerOptions options;
    private final ConnectionSet<RpcConnection> connections;
    private final GuardedDecoder decoder;
    private final long idleNanos;
    private FramedProtocol<ByteBuf> protocol;
    private Transport transport;
    private int inFlight;
    private boolean readingPaused;
    private boolean writingPaused;
    private boolean draining;
    private boolean eof;
    private long lastActivity;
    private TimerHandle idleTimer;

    RpcConnection(EventLoop loop, Dispatcher dispatcher, RpcServerOptions options,
                  ConnectionSet<RpcConnection> connections, GuardedDecoder decoder) {
        super(loop, options.framing(), Buffers.allocator(), options.callTimeout());
        this.dispatcher = dispatcher;
        this.options = options;
        this.connections = connections;
        this.decoder = decoder;
        this.idleNanos = options.idle().toNanos();
    }

    @Override
    public void connectionMade(FramedProtocol<ByteBuf> protocol) {
        this.protocol = protocol;
        this.transport = protocol.transport();
        if (!connections.add(this)) {
            transport.close(); // draining: no new connections
            return;
        }
        lastActivity = loop.time();
        if (idleNanos > 0) {
            idleTimer = loop.callLater(options.idle(), this::idleCheck);
        }
    }

    @Override
    public void frameReceived(ByteBuf frame) {
        LimitOverrunException overrun = decoder.overrun();
        if (overrun != null) {
            tooLong(overrun);
            return;
        }
        lastActivity = loop.time();
        if (options.framing() == Framing.NEWLINE && blank(frame)) {
            return;
        }
        dispatcher.handle(frame, this);
        updateReading();
    }

    private void tooLong(LimitOverrunException overrun) {
        sendError(new RpcException(RpcException.INVALID_REQUEST, "Invalid Request",
                Json.MAPPER.getNodeFactory().textNode("frame of " + overrun.consumed() + " bytes is above the limit of "
                        + options.frameLength() + " bytes")), NullNode.instance);
        startDrain(); // the calls already running still answer; then close
    }

    private static boolean blank(ByteBuf frame) {
        for (int i = frame.readerIndex(); i < frame.writerIndex(); i++) {
            byte b = frame.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void send(ByteBuf response) {
        transport.write(response);
    }

    @Override
    protected void callStarted(Call call) {
        inFlight++;
    }

    @Override
    protected void callFinished(Call call) {
        inFlight--;
        lastActivity = loop.time();
        if (inFlight == 0 && (draining || eof)) {
            transport.close();
        } else {
            updateReading();
        }
    }

    /** Pauses or resumes reading after a change in calls, write buffer or drain state. */
    private void updateReading() {
        boolean pause = draining || writingPaused || inFlight >= options.inFlight();
        if (pause && !readingPaused) {
            readingPaused = true;
            protocol.pauseReading();
        } else if (!pause && readingPaused && !transport.isClosing()) {
            readingPaused = false;
            protocol.resumeReading(); // may deliver buffered frames at once
        }
    }

    /**
     * A connection quiet for the idle timeout (no frame received, no call finished, no answer drained) is closed if
     * no call runs. One whose client reads none of its answers (writing paused, or closing with bytes still
     * buffered) is aborted instead: a close would wait for ever to flush them.
     */
    private void idleCheck() {
        idleTimer = null;
        long now = loop.time();
        boolean quiet = now - lastActivity >= idleNanos;
        boolean unread = writingPaused || transport.isClosing() && transport.writeBufferSize() > 0;
        if (quiet && unread) {
            transport.abort();
            return;
        }
        if (transport.isClosing() && !unread) {
            return;   // flushing: connectionLost follows
        }
        if (quiet && inFlight == 0 && !transport.isClosing()) {
            transport.close();
            if (transport.writeBufferSize() == 0) {
                return;
            }
            lastActivity = now;   // one more idle timeout to read what is left, then abort
        }
        long next = inFlight > 0 && !unread ? now + idleNanos : lastActivity + idleNanos;
        idleTimer = loop.callAt(next, this::idleCheck);
    }

    /** Draining: read no more, answer the calls in flight, then close (at once when there is none). */
    void startDrain() {
        draining = true;
        if (inFlight == 0) {
            transport.close();
        } else {
            updateReading();
        }
    }

    void abort() {
        transport.abort();
    }

    @Override
    public boolean eofReceived() {
        eof = true;
        return inFlight > 0 && transport.canWriteEof(); // keep writing the answers of calls still running
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        cancelAll(CONNECTION_LOST);
        connections.remove(this);
    }

    @Override
    public void pauseWriting() {
        writingPaused = true;
        updateReading();
    }

    @Override
    public void resumeWriting() {
        writingPaused = false;
        lastActivity = loop.time();   // the client reads its answers
        updateReading();
    }

    @Override
    public String toString() {
        return "RpcConnection[inFlight=" + inFlight + (readingPaused ? ", paused" : "") + (draining ? ", draining" : "")
                + (eof ? ", eof" : "") + "]";
    }
}
