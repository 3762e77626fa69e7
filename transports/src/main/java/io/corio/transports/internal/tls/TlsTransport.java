package io.corio.transports.internal.tls;

import io.corio.loop.EventLoop;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.WaterMarks;
import io.netty.buffer.ByteBuf;

/**
 * The transport an application protocol sees above a {@link TlsLayer}. Writes are encrypted and passed to the
 * raw transport; the water marks (taken from the raw transport at the start) apply to the plaintext waiting to be
 * wrapped plus the raw transport's ciphertext. TLS cannot half-close: {@link #canWriteEof()} is false.
 */
final class TlsTransport implements Transport {
    private final TlsLayer layer;
    private final TlsWriter writer;

    TlsTransport(TlsLayer layer, TlsWriter writer) {
        this.layer = layer;
        this.writer = writer;
    }

    @Override
    public EventLoop loop() {
        return layer.raw().loop();
    }

    @Override
    public void write(ByteBuf data) {
        writer.write(data);
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("TLS cannot half-close: use close(), which sends close_notify");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    /** Flushes pending writes, sends close_notify and closes the raw transport (aborted after the shutdown timeout). */
    @Override
    public void close() {
        layer.close();
    }

    @Override
    public void abort() {
        layer.abort();
    }

    @Override
    public boolean isClosing() {
        return layer.isClosing();
    }

    @Override
    public void pauseReading() {
        layer.pauseReading();
    }

    @Override
    public void resumeReading() {
        layer.resumeReading();
    }

    @Override
    public boolean isReading() {
        return layer.isReading();
    }

    @Override
    public Protocol protocol() {
        return layer.app();
    }

    @Override
    public void setProtocol(Protocol protocol) {
        layer.setApp(protocol);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        WaterMarks.check(high, low);
        writer.setWriteBufferLimits(high, low);
    }

    @Override
    public int writeBufferHigh() {
        return writer.writeBufferHigh();
    }

    @Override
    public int writeBufferLow() {
        return writer.writeBufferLow();
    }

    /** Plaintext not wrapped yet plus the raw transport's buffered ciphertext. */
    @Override
    public long writeBufferSize() {
        return writer.writeBufferSize();
    }

    @Override
    public <T> T extra(Extra<T> key) {
        return layer.extra(key);
    }

    @Override
    public String toString() {
        return "TlsTransport[" + layer.describe() + "]";
    }
}
