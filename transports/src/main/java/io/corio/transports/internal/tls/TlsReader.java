package io.corio.transports.internal.tls;

import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The inbound side of a {@link TlsLayer}: records in, plaintext out to the application.
 *
 * <p>Each received buffer is unwrapped straight from its memory into one pooled application buffer, record after
 * record, and handed to the application (borrowed); only the tail of a record split across reads, or what arrives
 * while the application has paused reading, is copied aside (the stash). The stash drops the bytes already
 * unwrapped before it grows, so it holds at most what is not unwrapped yet plus one read. Handshake steps,
 * close_notify and failures found while unwrapping go back to the layer, which owns the lifecycle state.
 */
final class TlsReader {
    private static final int MAX_APP_BUFFER = 256 * 1024;

    private final TlsLayer layer;
    private final TlsWriter writer;
    private ByteBuf cumulation;
    private boolean receiving;
    private boolean leftByPause;      // the last unwrap stopped at a pause with records still to read

    TlsReader(TlsLayer layer, TlsWriter writer) {
        this.layer = layer;
        this.writer = writer;
    }

    /** A buffer from the raw transport, while the layer is not shut down. */
    void dataReceived(ByteBuf data) {
        if (cumulation != null) {
            if (cumulation.writableBytes() < data.readableBytes() && cumulation.readerIndex() > 0) {
                cumulation.discardReadBytes(); // else a stash that never empties grows by every read, unbounded
            }
            cumulation.writeBytes(data);
            receive(cumulation);
        } else {
            receive(data);
            if (data.isReadable() && layer.state() != TlsState.SHUTDOWN) {
                cumulation = Buffers.allocator().directBuffer(Math.max(data.readableBytes(), layer.packetSize()));
                cumulation.writeBytes(data);
            }
        }
        releaseSpentStash();
        resumeIfUnpausedMeanwhile();
    }

    /**
     * Records left unread because the app paused during a receive, when the app has resumed before they reached
     * the stash (in the flush after the receive, whose drain resumes the app's writing and so its reading): the
     * layer's resume saw no stash then, and no raw read may follow to unwrap them. Unwraps them on the next turn.
     */
    private void resumeIfUnpausedMeanwhile() {
        if (leftByPause && cumulation != null && layer.isReading()) {
            leftByPause = false;
            layer.raw().loop().callSoon(this::receiveStashed);
        }
    }

    /** Unwraps what was stashed while reading was paused (scheduled by {@code resumeReading}). */
    void receiveStashed() {
        if (cumulation == null || layer.isLost() || !layer.isReading()) {
            return;
        }
        receive(cumulation);
        releaseSpentStash();
        resumeIfUnpausedMeanwhile();
    }

    /** True if part of a record has been received and stashed (possibly nothing readable is left of it). */
    boolean hasStash() {
        return cumulation != null;
    }

    /** Bytes of an incomplete record waiting for the rest of it. */
    int stashedBytes() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    /** The connection is gone: drops the stash, unless {@code dataReceived} is running and will drop it itself. */
    void connectionLost() {
        if (cumulation != null && !receiving) {
            cumulation.release();
            cumulation = null;
        }
    }

    private void releaseSpentStash() {
        if (cumulation != null && (!cumulation.isReadable() || layer.state() == TlsState.SHUTDOWN)) {
            cumulation.release();
            cumulation = null;
        }
    }

    private void receive(ByteBuf input) {
        receiving = true;
        try {
            unwrapAll(input);
        } catch (Exception e) {
            layer.fail(e);
        } finally {
            receiving = false;
        }
        if (writer.hasPending()) {
            writer.flush();
        }
    }

    /** Unwraps every complete record of {@code input} (moving its reader index) and delivers the plaintext. */
    private void unwrapAll(ByteBuf input) throws SSLException {
        SSLEngine engine = layer.engine(); // set once, before the first byte can arrive
        ByteBuf plain = null;
        try {
            leftByPause = false;
            while (input.isReadable()) {
                if (!layer.canRead()) {
                    leftByPause = true;
                    break;
                }
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
                        layer.closeNotifyReceived();
                        return;
                    }
                    case OK -> {
                    }
                }
                HandshakeStatus status = result.getHandshakeStatus();
                if (status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.NEED_UNWRAP) {
                    refuseRenegotiation(engine);
                    layer.advance(); // NEED_TASK, NEED_WRAP, FINISHED
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

    /**
     * A handshake step after the handshake, on a session older than TLS 1.3, is the peer renegotiating (a
     * ClientHello, or a server's HelloRequest): refused on every provider, since SunJSSE would otherwise accept
     * it. TLS 1.3 has no renegotiation; its post-handshake messages (KeyUpdate, NewSessionTicket) go on.
     */
    private void refuseRenegotiation(SSLEngine engine) throws SSLException {
        TlsState state = layer.state();
        if ((state == TlsState.WRAPPED || state == TlsState.FLUSHING)
                && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            throw new SSLException("the peer asked to renegotiate the " + engine.getSession().getProtocol()
                    + " session; Corio refuses renegotiation");
        }
    }

    /** Hands {@code plain} to the application; returns it cleared for reuse, or null if the app kept a reference. */
    private ByteBuf deliver(ByteBuf plain) {
        if (plain == null || !plain.isReadable()) {
            return plain;
        }
        if (layer.state() == TlsState.WRAPPED && layer.isAppConnected()) {
            writer.deliveryStarted();
            try {
                layer.app().dataReceived(plain);
            } catch (Throwable t) {
                layer.appFailed("dataReceived", t);
            } finally {
                writer.deliveryEnded();
            }
        }
        if (plain.refCnt() == 1) {
            plain.clear();
            return plain;
        }
        plain.release();
        return null;
    }
}
