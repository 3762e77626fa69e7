package io.corio.transports.internal.tls;

import io.corio.loop.ErrorContext;
import io.corio.loop.Future;
import io.corio.loop.Handle;
import io.corio.loop.TimerHandle;
import io.corio.transports.Buffers;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The TLS layer (asyncio's sslproto): the {@link Protocol} of a raw stream transport that runs an
 * {@link SSLEngine}, and behind {@link TlsTransport} the transport its application protocol sees.
 *
 * <p>Reading: each received buffer is unwrapped straight from its memory into one pooled application buffer,
 * record after record, and handed to the application (borrowed); only the tail of a record split across reads is
 * copied aside. Writing: application writes are queued and wrapped together (a gathering wrap fills records up to
 * 16 KiB) at the end of the current delivery, or on the next loop turn for writes made elsewhere, or at once when a
 * full record is queued; the encrypted buffer goes to the raw transport, which owns it from then on. Delegated
 * engine tasks run inline on the loop thread: a P-256 handshake's tasks take well under a millisecond, less than a
 * hand-off to another thread and back.
 */
final class TlsLayer implements Protocol {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final int RECORD = 16 * 1024;
    private static final int MAX_RECORDS_PER_WRITE = 8;
    private static final int MAX_APP_BUFFER = 256 * 1024;

    private final TlsContext context;
    private final String serverHostname;
    private final Future<Transport> ready;
    private final TlsTransport transport = new TlsTransport(this);
    private final boolean client;
    private Protocol app;
    private Transport raw;
    private SSLEngine engine;
    private TlsState state = TlsState.UNWRAPPED;
    private boolean appConnected;
    private boolean lost;
    private Throwable closeCause;
    private boolean readingPaused;
    private boolean appWritingPaused;
    private int high;
    private int low;
    private boolean delivering;
    private boolean receivedAny;
    private boolean receiving;
    private boolean rawClosing;
    private ByteBuf cumulation;
    private ArrayDeque<ByteBuf> pending;
    private long pendingBytes;
    private Handle flushHandle;
    private TimerHandle timer;
    private List<String> offeredAlpn;

    /**
     * @param ready          completed with the TLS transport after the handshake, or failed; null for accepted
     *                       server connections, whose failures go to the loop's exception handler
     * @param appConnected   true for {@code startTls}: the application already had its {@code connectionMade}
     */
    TlsLayer(TlsContext context, Protocol app, String serverHostname, Future<Transport> ready, boolean appConnected) {
        this.context = context;
        this.app = app;
        this.serverHostname = serverHostname;
        this.ready = ready;
        this.appConnected = appConnected;
        this.client = !context.isServer();
    }

    // ---- raw transport side (Protocol) ----

    @Override
    public void connectionMade(Transport rawTransport) {
        this.raw = rawTransport;
        state = state.transitionTo(TlsState.HANDSHAKING);
        high = raw.writeBufferHigh();
        low = raw.writeBufferLow();
        raw.setWriteBufferLimits(0, 0); // the raw side reports "anything queued" and "drained"; the marks are ours
        timer = raw.loop().callLater(context.handshakeTimeout(), this::handshakeTimedOut);
        if (!raw.isReading()) { // startTls on a paused transport: the handshake still needs to read
            readingPaused = true;
            raw.resumeReading();
        }
        try {
            engine = context.newEngine(client ? serverHostname : null, peerPort());
            if (!client && !context.alpn().isEmpty()) {
                var selector = engine.getHandshakeApplicationProtocolSelector();
                engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
                    offeredAlpn = List.copyOf(offered);
                    return selector.apply(e, offered);
                });
            }
            engine.beginHandshake();
            advance();
        } catch (Exception e) {
            fail(e);
        }
    }

    @Override
    public void dataReceived(ByteBuf data) {
        receivedAny = true;
        if (state == TlsState.SHUTDOWN) {
            return;
        }
        if (cumulation != null) {
            cumulation.writeBytes(data);
            receive(cumulation);
        } else {
            receive(data);
            if (data.isReadable() && state != TlsState.SHUTDOWN) {
                cumulation = Buffers.allocator().directBuffer(Math.max(data.readableBytes(), packetSize()));
                cumulation.writeBytes(data);
            }
        }
        if (cumulation != null && (!cumulation.isReadable() || state == TlsState.SHUTDOWN)) {
            cumulation.release();
            cumulation = null;
        }
    }

    @Override
    public boolean eofReceived() {
        switch (state) {
            case UNWRAPPED, HANDSHAKING -> {
                if (!client && !receivedAny) {
                    quietClose(); // a port probe or health check: connected, sent nothing, left
                } else {
                    fail(new SSLHandshakeException("the peer closed the connection during the handshake"
                            + (cumulation == null ? "" : " (in the middle of a TLS record)")));
                }
            }
            case WRAPPED -> {
                if (cumulation != null && cumulation.isReadable()) {
                    fail(new SSLException("TLS connection with " + peerName() + ": the peer closed the connection"
                            + " in the middle of a TLS record (" + cumulation.readableBytes()
                            + " bytes of an incomplete record received)"));
                } else {
                    eofFromPeer(); // end of stream without close_notify: treated as one (see docs)
                }
            }
            case FLUSHING, SHUTDOWN -> {
            }
        }
        return true; // the layer closes the raw transport itself, after sending its close_notify or alert
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (lost) {
            return;
        }
        lost = true;
        boolean handshaking = state == TlsState.UNWRAPPED || state == TlsState.HANDSHAKING;
        if (state != TlsState.SHUTDOWN) {
            state = state.transitionTo(TlsState.SHUTDOWN);
        }
        cancelTimer();
        releasePending();
        if (cumulation != null && !receiving) { // while receiving, dataReceived releases it on its way out
            cumulation.release();
            cumulation = null;
        }
        Throwable reason = closeCause != null ? closeCause : cause;
        if (handshaking && closeCause == null) {
            reason = TlsFailures.handshake(cause != null ? cause
                            : new SSLHandshakeException("the connection was closed during the handshake"),
                    peerName(), client, context.alpn(), offeredAlpn);
        }
        if (ready != null && !ready.isDone()) {
            ready.setException(reason != null ? reason
                    : new SSLHandshakeException("connection closed before the handshake completed"));
        }
        if (engine != null) {
            engine.closeOutbound();
        }
        if (appConnected) {
            try {
                app.connectionLost(reason);
            } catch (Throwable t) {
                report("Exception in protocol connectionLost", t);
            }
        }
    }

    @Override
    public void pauseWriting() {
        checkPause();
    }

    @Override
    public void resumeWriting() {
        checkResume();
    }

    /**
     * Water marks apply to {@link #writeBufferSize()} (plaintext not yet wrapped plus the raw transport's
     * ciphertext), so that pause and resume follow the same rule as every transport: strictly above high, at or
     * below low.
     */
    private void checkPause() {
        if (!appWritingPaused && appConnected && state == TlsState.WRAPPED && writeBufferSize() > high) {
            appWritingPaused = true;
            callApp(Callback.PAUSE_WRITING);
        }
    }

    private void checkResume() {
        if (appWritingPaused && !lost && writeBufferSize() <= low) {
            appWritingPaused = false;
            callApp(Callback.RESUME_WRITING);
        }
    }

    long writeBufferSize() {
        return pendingBytes + (raw == null || lost ? 0 : raw.writeBufferSize());
    }

    void setWriteBufferLimits(int high, int low) {
        this.high = high;
        this.low = low;
        checkPause();
        checkResume();
    }

    int writeBufferHigh() {
        return high;
    }

    int writeBufferLow() {
        return low;
    }

    // ---- application side (called by TlsTransport) ----

    void write(ByteBuf data) {
        if (state != TlsState.WRAPPED || !data.isReadable()) {
            data.release(); // dropped after close, as asyncio drops writes on a closing transport
            return;
        }
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(data);
        pendingBytes += data.readableBytes();
        if (!delivering) { // else wrapped together when the current delivery returns
            if (pendingBytes >= RECORD) {
                flushPending();
            } else if (flushHandle == null) {
                flushHandle = raw.loop().callSoon(this::flushPending);
            }
        }
        checkPause();
    }

    void close() {
        if (state == TlsState.WRAPPED) {
            state = state.transitionTo(TlsState.FLUSHING);
            flushPending();
        }
        if (state == TlsState.FLUSHING) {
            shutdown();
        }
    }

    void abort() {
        if (state != TlsState.SHUTDOWN) {
            state = state.transitionTo(TlsState.SHUTDOWN);
        }
        cancelTimer();
        releasePending();
        if (raw != null && !lost) {
            raw.abort();
        }
    }

    void pauseReading() {
        if (state == TlsState.WRAPPED && !readingPaused) {
            readingPaused = true;
            raw.pauseReading();
        }
    }

    void resumeReading() {
        if (!readingPaused || state != TlsState.WRAPPED) {
            return;
        }
        readingPaused = false;
        raw.resumeReading();
        if (cumulation != null && cumulation.isReadable()) {
            raw.loop().callSoon(this::receiveStashed);
        }
    }

    boolean isReading() {
        return state == TlsState.WRAPPED && !readingPaused;
    }

    boolean isClosing() {
        return state == TlsState.FLUSHING || state == TlsState.SHUTDOWN;
    }

    Transport raw() {
        return raw;
    }

    Protocol app() {
        return app;
    }

    void setApp(Protocol protocol) {
        this.app = protocol;
    }

    TlsState state() {
        return state;
    }

    <T> T extra(Extra<T> key) {
        boolean up = state != TlsState.UNWRAPPED && state != TlsState.HANDSHAKING && engine != null;
        if (key == Extra.SSL_SESSION) {
            return up ? key.cast(engine.getSession()) : null;
        }
        if (key == Extra.PEER_CERTIFICATES) {
            try {
                return up ? key.cast(List.of(engine.getSession().getPeerCertificates())) : null;
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }
        if (key == Extra.ALPN_PROTOCOL) {
            String protocol = up ? engine.getApplicationProtocol() : null;
            return protocol == null || protocol.isEmpty() ? null : key.cast(protocol);
        }
        return raw == null ? null : raw.extra(key);
    }

    String describe() {
        var sb = new StringBuilder("peer=").append(peerName()).append(", state=").append(state);
        if (engine != null && !(state == TlsState.UNWRAPPED || state == TlsState.HANDSHAKING)) {
            var session = engine.getSession();
            sb.append(", ").append(session.getProtocol()).append(' ').append(session.getCipherSuite());
            String alpn = engine.getApplicationProtocol();
            if (alpn != null && !alpn.isEmpty()) {
                sb.append(", alpn=").append(alpn);
            }
        }
        if (pendingBytes > 0) {
            sb.append(", pending=").append(pendingBytes);
        }
        if (readingPaused) {
            sb.append(", readingPaused");
        }
        if (appWritingPaused) {
            sb.append(", writingPaused");
        }
        return sb.toString();
    }

    // ---- engine driving ----

    private void receive(ByteBuf input) {
        receiving = true;
        try {
            unwrapAll(input);
        } catch (Exception e) {
            fail(e);
        } finally {
            receiving = false;
        }
        if (pending != null && !pending.isEmpty()) {
            flushPending();
        }
    }

    private void receiveStashed() {
        if (cumulation == null || lost || !isReading()) {
            return;
        }
        receive(cumulation);
        if (cumulation != null && (!cumulation.isReadable() || state == TlsState.SHUTDOWN)) {
            cumulation.release();
            cumulation = null;
        }
    }

    private boolean canRead() {
        return state == TlsState.HANDSHAKING || (state == TlsState.WRAPPED && !readingPaused);
    }

    /** Unwraps every complete record of {@code input} (moving its reader index) and delivers the plaintext. */
    private void unwrapAll(ByteBuf input) throws SSLException {
        ByteBuf plain = null;
        try {
            while (input.isReadable() && canRead()) {
                int appSize = engine.getSession().getApplicationBufferSize();
                if (plain == null) {
                    plain = Buffers.allocator().directBuffer(
                            Math.max(appSize, Math.min(input.readableBytes(), MAX_APP_BUFFER)));
                }
                ByteBuffer src = input.nioBuffer(input.readerIndex(), input.readableBytes());
                ByteBuffer dst = plain.internalNioBuffer(plain.writerIndex(), plain.writableBytes());
                SSLEngineResult result = engine.unwrap(src, dst);
                input.skipBytes(result.bytesConsumed());
                plain.writerIndex(plain.writerIndex() + result.bytesProduced());
                switch (result.getStatus()) {
                    case BUFFER_UNDERFLOW -> {
                        return; // the rest is an incomplete record
                    }
                    case BUFFER_OVERFLOW -> {
                        if (plain.isReadable()) {
                            plain = deliver(plain);
                        } else {
                            plain.ensureWritable(appSize);
                        }
                        continue;
                    }
                    case CLOSED -> {
                        plain = deliver(plain);
                        closeNotifyReceived();
                        return;
                    }
                    case OK -> {
                    }
                }
                HandshakeStatus status = result.getHandshakeStatus();
                if (status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.NEED_UNWRAP) {
                    advance(); // NEED_TASK, NEED_WRAP, FINISHED
                }
                if (plain != null && plain.isReadable() && plain.writableBytes() < appSize) {
                    plain = deliver(plain);
                }
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                        && status == HandshakeStatus.NEED_UNWRAP) {
                    return;
                }
            }
        } finally {
            if (plain != null) {
                if (plain.isReadable()) {
                    plain = deliver(plain);
                }
                if (plain != null) {
                    plain.release();
                }
            }
        }
    }

    /** Hands {@code plain} to the application; returns it cleared for reuse, or null if the app kept a reference. */
    private ByteBuf deliver(ByteBuf plain) {
        if (plain == null || !plain.isReadable()) {
            return plain;
        }
        if (state == TlsState.WRAPPED && appConnected) {
            delivering = true;
            try {
                app.dataReceived(plain);
            } catch (Throwable t) {
                appFailed("dataReceived", t);
            } finally {
                delivering = false;
            }
        }
        if (plain.refCnt() == 1) {
            plain.clear();
            return plain;
        }
        plain.release();
        return null;
    }

    /** Runs the engine's needs that do not wait for input (tasks, wraps) and notices the end of the handshake. */
    private void advance() throws SSLException {
        ByteBuf out = null;
        boolean finished = false;
        try {
            loop:
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> {
                        if (out == null) {
                            out = Buffers.allocator().directBuffer(packetSize());
                        }
                        SSLEngineResult result = wrap(NOTHING, out);
                        finished |= result.getHandshakeStatus() == HandshakeStatus.FINISHED;
                        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                            break loop;
                        }
                    }
                    default -> {
                        break loop;
                    }
                }
            }
        } finally {
            if (out != null) {
                writeRaw(out);
            }
        }
        if (state == TlsState.HANDSHAKING
                && (finished || engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING)) {
            handshakeFinished();
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** One wrap into {@code out}, growing it when the engine asks for more room. */
    private SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuf out) throws SSLException {
        for (int attempt = 0; ; attempt++) {
            ByteBuffer dst = out.internalNioBuffer(out.writerIndex(), out.writableBytes());
            SSLEngineResult result = engine.wrap(srcs, dst);
            out.writerIndex(out.writerIndex() + result.bytesProduced());
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            if (attempt == 3) {
                throw new SSLException("the TLS engine keeps asking for a larger buffer than "
                        + out.writableBytes() + " bytes");
            }
            out.ensureWritable(Math.max(packetSize(), out.writableBytes() * 2));
        }
    }

    private void flushPending() {
        if (flushHandle != null) {
            flushHandle.cancel();
            flushHandle = null;
        }
        if (pending == null || pending.isEmpty()) {
            return;
        }
        if (state != TlsState.WRAPPED && state != TlsState.FLUSHING) {
            releasePending();
            return;
        }
        ByteBuffer[] srcs = sources();
        long remaining = pendingBytes;
        int packet = packetSize();
        ByteBuf out = null;
        try {
            while (remaining > 0) {
                if (out == null) {
                    int records = (int) Math.min(MAX_RECORDS_PER_WRITE, (remaining + RECORD - 1) / RECORD);
                    out = Buffers.allocator().directBuffer(records * packet);
                } else if (out.writableBytes() < packet) {
                    writeRaw(out);
                    out = null;
                    continue;
                }
                SSLEngineResult result = wrap(srcs, out);
                remaining -= result.bytesConsumed();
                if (result.getStatus() == SSLEngineResult.Status.CLOSED || result.bytesConsumed() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            if (out != null) {
                out.release();
                out = null;
            }
            fail(e);
        } finally {
            if (out != null) {
                writeRaw(out);
            }
            releasePending();
        }
        checkResume();
    }

    private ByteBuffer[] sources() {
        if (pending.size() == 1) {
            ByteBuf only = pending.peek();
            if (only.nioBufferCount() == 1) {
                return new ByteBuffer[]{only.internalNioBuffer(only.readerIndex(), only.readableBytes())};
            }
        }
        var list = new java.util.ArrayList<ByteBuffer>(pending.size());
        for (ByteBuf buf : pending) {
            for (ByteBuffer b : buf.nioBuffers(buf.readerIndex(), buf.readableBytes())) {
                list.add(b);
            }
        }
        return list.toArray(ByteBuffer[]::new);
    }

    private void writeRaw(ByteBuf out) {
        if (out.isReadable() && !lost && raw != null) {
            raw.write(out);
        } else {
            out.release();
        }
    }

    // ---- lifecycle ----

    private void handshakeFinished() {
        cancelTimer();
        state = state.transitionTo(TlsState.WRAPPED);
        if (readingPaused) {
            raw.pauseReading();
        }
        if (!appConnected) {
            appConnected = true;
            if (!callApp(Callback.CONNECTION_MADE)) {
                return;
            }
        }
        checkPause();
        if (ready != null && !ready.isDone()) {
            ready.setResult(transport);
        }
    }

    private void closeNotifyReceived() {
        if (state == TlsState.WRAPPED) {
            eofFromPeer();
        } else if (state == TlsState.HANDSHAKING) {
            fail(new SSLHandshakeException("the peer closed the TLS session (close_notify) during the handshake"));
        }
    }

    /** The peer is done sending: the app hears {@code eofReceived} (TLS cannot half-close), then we close. */
    private void eofFromPeer() {
        if (appConnected && !callApp(Callback.EOF_RECEIVED)) {
            return;
        }
        close();
    }

    /**
     * Sends close_notify and closes the raw transport, which flushes first; the shutdown timeout aborts it if the
     * flush does not finish. The peer's answering close_notify is not awaited (RFC 8446 6.1 allows this; Netty's
     * SslHandler does the same by default), so {@code connectionLost} follows the flush as for every transport.
     */
    private void shutdown() {
        state = state.transitionTo(TlsState.SHUTDOWN);
        engine.closeOutbound();
        sendWhatEngineHas();
        closeRaw();
    }

    private void startShutdownTimer() {
        cancelTimer();
        timer = raw.loop().callLater(context.shutdownTimeout(), () -> {
            timer = null;
            if (!lost) {
                raw.abort();
            }
        });
    }

    private void sendWhatEngineHas() {
        ByteBuf out = Buffers.allocator().directBuffer(packetSize());
        try {
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP || !engine.isOutboundDone()) {
                SSLEngineResult result = wrap(NOTHING, out);
                if (result.bytesProduced() == 0 || result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
        } catch (Exception ignored) {
            // the engine is already broken; the close goes ahead without its alert
        }
        writeRaw(out);
    }

    private void closeRaw() {
        if (raw == null || lost || rawClosing) {
            return;
        }
        rawClosing = true;
        raw.close();
        if (!lost) {
            startShutdownTimer();
        }
    }

    private void quietClose() {
        state = state.transitionTo(TlsState.SHUTDOWN);
        closeRaw();
    }

    private void handshakeTimedOut() {
        timer = null;
        if (state == TlsState.UNWRAPPED || state == TlsState.HANDSHAKING) {
            fail(new SSLHandshakeException("the handshake did not complete within "
                    + context.handshakeTimeout().toMillis() + " ms"));
        }
    }

    /** The one failure path: tell whoever waits (or the exception handler), send the alert, close the raw side. */
    private void fail(Throwable e) {
        if (state == TlsState.SHUTDOWN) {
            return;
        }
        boolean handshaking = state == TlsState.UNWRAPPED || state == TlsState.HANDSHAKING;
        Throwable cause = handshaking ? TlsFailures.handshake(e, peerName(), client, context.alpn(), offeredAlpn)
                : e instanceof SSLException ? TlsFailures.connection(e, peerName(), client, context.alpn()) : e;
        state = state.transitionTo(TlsState.SHUTDOWN);
        closeCause = cause;
        releasePending();
        if (engine != null) {
            engine.closeOutbound();
            sendWhatEngineHas();
        }
        if (handshaking && ready != null) {
            if (!ready.isDone()) {
                ready.setException(cause);
            }
        } else if (handshaking) {
            report("TLS handshake failed with " + peerName(), cause);
        } else if (!TlsFailures.receivedAlert(e) || raw.loop().isDebug()) { // the peer's alert is like a reset
            report("TLS connection with " + peerName() + " failed", cause);
        }
        closeRaw();
    }

    private void appFailed(String callback, Throwable t) {
        report("Exception in protocol " + callback, t);
        if (closeCause == null) {
            closeCause = t;
        }
        abort();
    }

    private void report(String message, Throwable t) {
        if (raw != null) {
            raw.loop().callExceptionHandler(ErrorContext.of(message, t, this, transport, app));
        }
    }

    private enum Callback { CONNECTION_MADE, EOF_RECEIVED, PAUSE_WRITING, RESUME_WRITING }

    /** Calls the application; a throw is reported and aborts the connection. Returns false if it threw. */
    private boolean callApp(Callback callback) {
        try {
            switch (callback) {
                case CONNECTION_MADE -> app.connectionMade(transport);
                case EOF_RECEIVED -> app.eofReceived();
                case PAUSE_WRITING -> app.pauseWriting();
                case RESUME_WRITING -> app.resumeWriting();
            }
            return true;
        } catch (Throwable t) {
            appFailed(switch (callback) {
                case CONNECTION_MADE -> "connectionMade";
                case EOF_RECEIVED -> "eofReceived";
                case PAUSE_WRITING -> "pauseWriting";
                case RESUME_WRITING -> "resumeWriting";
            }, t);
            return false;
        }
    }

    private void releasePending() {
        if (flushHandle != null) {
            flushHandle.cancel();
            flushHandle = null;
        }
        if (pending != null) {
            ByteBuf buf;
            while ((buf = pending.poll()) != null) {
                buf.release();
            }
        }
        pendingBytes = 0;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private int packetSize() {
        return engine == null ? RECORD + 1024 : engine.getSession().getPacketBufferSize();
    }

    private int peerPort() {
        return raw.extra(Extra.PEER_ADDRESS) instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    private String peerName() {
        SocketAddress address = raw == null ? null : raw.extra(Extra.PEER_ADDRESS);
        String where = address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort()
                : address != null ? address.toString() : "an unknown peer";
        return client && serverHostname != null && !where.startsWith(serverHostname + ":")
                ? serverHostname + " (" + where + ")" : where;
    }

    @Override
    public String toString() {
        return "TlsLayer[" + describe() + "]";
    }
}
