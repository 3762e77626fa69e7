package io.corio.transports.internal.tls;

import io.corio.loop.Handle;
import io.corio.transports.Buffers;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The outbound side of a {@link TlsLayer}: the queue of application plaintext, the wraps that turn it (and the
 * engine's own handshake messages, alerts and close_notify) into records, the hand-off of ciphertext to the raw
 * transport, and the write water marks the application sees.
 *
 * <p>Application writes are queued and wrapped together (a gathering wrap fills records up to 16 KiB) at the end
 * of the current delivery, or on the next loop turn for writes made elsewhere, or at once when a full record is
 * queued; the encrypted buffer goes to the raw transport, which owns it from then on. The lifecycle state, the
 * engine and the raw transport belong to the layer; this class only reads them.
 */
final class TlsWriter {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};
    private static final int RECORD = 16 * 1024;
    private static final int MAX_RECORDS_PER_WRITE = 8;

    private final TlsLayer layer;
    private ArrayDeque<ByteBuf> pending;
    private long pendingBytes;
    private Handle flushHandle;
    private boolean delivering;
    private boolean appWritingPaused;
    private int high;
    private int low;

    TlsWriter(TlsLayer layer) {
        this.layer = layer;
    }

    // ---- plaintext queue ----

    void write(ByteBuf data) {
        if (layer.state() != TlsState.WRAPPED || !data.isReadable()) {
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
                flush();
            } else if (flushHandle == null) {
                flushHandle = layer.raw().loop().callSoon(this::flush);
            }
        }
        checkPause();
    }

    /** Brackets the application's {@code dataReceived}: writes made inside it wait for the reader's flush. */
    void deliveryStarted() {
        delivering = true;
    }

    void deliveryEnded() {
        delivering = false;
    }

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    long pendingBytes() {
        return pendingBytes;
    }

    /** Wraps every queued write into as few records as fit, and hands the ciphertext to the raw transport. */
    void flush() {
        if (flushHandle != null) {
            flushHandle.cancel();
            flushHandle = null;
        }
        if (pending == null || pending.isEmpty()) {
            return;
        }
        TlsState state = layer.state();
        if (state != TlsState.WRAPPED && state != TlsState.FLUSHING) {
            release();
            return;
        }
        ByteBuffer[] srcs = sources();
        long remaining = pendingBytes;
        int packet = layer.packetSize();
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
            layer.fail(e);
        } finally {
            if (out != null) {
                writeRaw(out);
            }
            release();
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

    /** Drops the queued writes (and a scheduled flush): after a flush, or when the connection goes away. */
    void release() {
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

    // ---- records ----

    /** One wrap of no application data (handshake messages, alerts, close_notify) into {@code out}. */
    SSLEngineResult wrapControl(ByteBuf out) throws SSLException {
        return wrap(NOTHING, out);
    }

    /** One wrap into {@code out}, growing it when the engine asks for more room. */
    private SSLEngineResult wrap(ByteBuffer[] srcs, ByteBuf out) throws SSLException {
        for (int attempt = 0; ; attempt++) {
            ByteBuffer dst = out.internalNioBuffer(out.writerIndex(), out.writableBytes());
            SSLEngineResult result = layer.engine().wrap(srcs, dst);
            out.writerIndex(out.writerIndex() + result.bytesProduced());
            if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return result;
            }
            if (attempt == 3) {
                throw new SSLException("the TLS engine keeps asking for a larger buffer than "
                        + out.writableBytes() + " bytes");
            }
            out.ensureWritable(Math.max(layer.packetSize(), out.writableBytes() * 2));
        }
    }

    /** Wraps whatever the engine still has to say (an alert, close_notify) and sends it; errors are ignored. */
    void sendWhatEngineHas() {
        var engine = layer.engine();
        ByteBuf out = Buffers.allocator().directBuffer(layer.packetSize());
        try {
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP || !engine.isOutboundDone()) {
                SSLEngineResult result = wrapControl(out);
                if (result.bytesProduced() == 0 || result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
        } catch (Exception ignored) {
            // the engine is already broken; the close goes ahead without its alert
        }
        writeRaw(out);
    }

    /** Hands {@code out} to the raw transport, which owns it from then on; releases it if there is nothing to send. */
    void writeRaw(ByteBuf out) {
        Transport raw = layer.raw();
        if (out.isReadable() && !layer.isLost() && raw != null) {
            raw.write(out);
        } else {
            out.release();
        }
    }

    // ---- flow control ----

    /**
     * Takes the water marks over from the raw transport, which from then on reports "anything queued" and
     * "drained"; the marks are ours.
     */
    void adoptWaterMarks(Transport raw) {
        high = raw.writeBufferHigh();
        low = raw.writeBufferLow();
        raw.setWriteBufferLimits(0, 0);
    }

    /**
     * Water marks apply to {@link #writeBufferSize()} (plaintext not yet wrapped plus the raw transport's
     * ciphertext), so that pause and resume follow the same rule as every transport: strictly above high, at or
     * below low.
     */
    void checkPause() {
        if (!appWritingPaused && layer.isAppConnected() && layer.state() == TlsState.WRAPPED
                && writeBufferSize() > high) {
            appWritingPaused = true;
            layer.callApp(TlsLayer.Callback.PAUSE_WRITING);
        }
    }

    void checkResume() {
        if (appWritingPaused && !layer.isLost() && writeBufferSize() <= low) {
            appWritingPaused = false;
            if (layer.callApp(TlsLayer.Callback.RESUME_WRITING)) {
                layer.transport().resumed(); // a file send waiting for room goes on
            }
        }
    }

    boolean isAppWritingPaused() {
        return appWritingPaused;
    }

    long writeBufferSize() {
        Transport raw = layer.raw();
        return pendingBytes + (raw == null || layer.isLost() ? 0 : raw.writeBufferSize());
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
}
