package io.corio.transports.internal.tls;

import io.corio.loop.ErrorContext;
import io.corio.loop.Future;
import io.corio.loop.TimerHandle;
import io.corio.transports.Buffers;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
 * <p>This class owns the lifecycle: the {@link TlsState} machine, the handshake and its timeout, close_notify,
 * the one failure path, and the calls into the application. Records in and plaintext out are {@link TlsReader}'s;
 * plaintext in, records out and the write water marks are {@link TlsWriter}'s. Delegated engine tasks run inline
 * on the loop thread: a P-256 handshake's tasks take well under a millisecond, less than a hand-off to another
 * thread and back.
 */
final class TlsLayer implements Protocol {
    private static final int RECORD = 16 * 1024;

    private final TlsContext context;
    private final String serverHostname;
    private final Future<Transport> ready;
    private final TlsWriter writer = new TlsWriter(this);
    private final TlsReader reader = new TlsReader(this, writer);
    private final TlsTransport transport = new TlsTransport(this, writer);
    private final boolean client;
    private Protocol app;
    private Transport raw;
    private SSLEngine engine;
    private TlsState state = TlsState.UNWRAPPED;
    private boolean appConnected;
    private boolean lost;
    private Throwable closeCause;
    private boolean readingPaused;
    private boolean receivedAny;
    private boolean rawClosing;
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
        writer.adoptWaterMarks(raw);
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
        if (!receivedAny && !client && state == TlsState.HANDSHAKING) {
            String plaintext = TlsFailures.plaintextRequest(data);
            if (plaintext != null) {
                receivedAny = true;
                fail(new SSLHandshakeException("the client sent plaintext (\"" + plaintext + "\"), not TLS: a "
                        + "plaintext client (http:// instead of https://?) on a TLS port"));
                return;
            }
        }
        receivedAny = true;
        if (state == TlsState.SHUTDOWN) {
            return;
        }
        reader.dataReceived(data);
    }

    @Override
    public boolean eofReceived() {
        switch (state) {
            case UNWRAPPED, HANDSHAKING -> {
                if (!client && !receivedAny) {
                    quietClose(); // a port probe or health check: connected, sent nothing, left
                } else {
                    fail(new SSLHandshakeException("the peer closed the connection during the handshake"
                            + (reader.hasStash() ? " (in the middle of a TLS record)" : "")));
                }
            }
            case WRAPPED -> {
                if (reader.stashedBytes() > 0) {
                    fail(new SSLException("TLS connection with " + peerName() + ": the peer closed the connection"
                            + " in the middle of a TLS record (" + reader.stashedBytes()
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
        writer.release();
        reader.connectionLost();
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
        transport.lost(reason);
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
        writer.checkPause();
    }

    @Override
    public void resumeWriting() {
        writer.checkResume();
    }

    // ---- application side (called by TlsTransport; writes and water marks go to TlsWriter) ----

    void close() {
        if (state == TlsState.WRAPPED) {
            state = state.transitionTo(TlsState.FLUSHING);
            writer.flush();
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
        writer.release();
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
        if (reader.stashedBytes() > 0) {
            raw.loop().callSoon(reader::receiveStashed);
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

    TlsTransport transport() {
        return transport;
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

    SSLEngine engine() {
        return engine;
    }

    boolean isLost() {
        return lost;
    }

    boolean isAppConnected() {
        return appConnected;
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
        if (writer.pendingBytes() > 0) {
            sb.append(", pending=").append(writer.pendingBytes());
        }
        if (readingPaused) {
            sb.append(", readingPaused");
        }
        if (writer.isAppWritingPaused()) {
            sb.append(", writingPaused");
        }
        return sb.toString();
    }

    // ---- engine driving (TlsReader calls in here) ----

    /** Whether the reader may unwrap now: during the handshake, or while the application reads. */
    boolean canRead() {
        return state == TlsState.HANDSHAKING || (state == TlsState.WRAPPED && !readingPaused);
    }

    /** Runs the engine's needs that do not wait for input (tasks, wraps) and notices the end of the handshake. */
    void advance() throws SSLException {
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
                        SSLEngineResult result = writer.wrapControl(out);
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
                writer.writeRaw(out);
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
        writer.checkPause();
        if (ready != null && !ready.isDone()) {
            ready.setResult(transport);
        }
    }

    void closeNotifyReceived() {
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
        writer.sendWhatEngineHas();
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
    void fail(Throwable e) {
        if (state == TlsState.SHUTDOWN) {
            return;
        }
        boolean handshaking = state == TlsState.UNWRAPPED || state == TlsState.HANDSHAKING;
        Throwable cause = handshaking ? TlsFailures.handshake(e, peerName(), client, context.alpn(), offeredAlpn)
                : e instanceof SSLException ? TlsFailures.connection(e, peerName(), client, context.alpn()) : e;
        state = state.transitionTo(TlsState.SHUTDOWN);
        closeCause = cause;
        writer.release();
        if (engine != null) {
            engine.closeOutbound();
            writer.sendWhatEngineHas();
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

    void appFailed(String callback, Throwable t) {
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

    enum Callback { CONNECTION_MADE, EOF_RECEIVED, PAUSE_WRITING, RESUME_WRITING }

    /** Calls the application; a throw is reported and aborts the connection. Returns false if it threw. */
    boolean callApp(Callback callback) {
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

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    int packetSize() {
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
