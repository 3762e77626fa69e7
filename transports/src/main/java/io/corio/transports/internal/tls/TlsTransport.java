package io.corio.transports.internal.tls;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.ChunkedFileSender;
import io.corio.transports.internal.FileSends;
import io.corio.transports.internal.WaterMarks;
import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;

/**
 * The transport an application protocol sees above a {@link TlsLayer}. Writes are encrypted and passed to the
 * raw transport; the water marks (taken from the raw transport at the start) apply to the plaintext waiting to be
 * wrapped plus the raw transport's ciphertext. TLS cannot half-close: {@link #canWriteEof()} is false.
 *
 * <p>Files must be encrypted, so {@code sendFile} reads them in chunks ({@link ChunkedFileSender}); while one is
 * being sent, later writes wait behind it and {@code close()} waits for it.
 */
final class TlsTransport implements Transport {
    private final TlsLayer layer;
    private final TlsWriter writer;
    private ChunkedFileSender files;   // created by the first sendFile
    private boolean closeAfterFiles;

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
        if (closeAfterFiles) {
            data.release();
        } else if (files != null && files.isBusy()) {
            files.write(data);
        } else {
            writer.write(data);
        }
    }

    @Override
    public Future<Long> sendFile(FileChannel file, long position, long count) {
        Future<Long> done = FileSends.precheck(this, file, position, count);
        if (done != null) {
            return done;
        }
        if (files == null) {
            files = new ChunkedFileSender(this, writer::write, this::filesSent);
        }
        return files.send(file, position, count);
    }

    private void filesSent() {
        if (closeAfterFiles) {
            layer.close();
        }
    }

    /** The write buffer drained after a pause. */
    void resumed() {
        if (files != null) {
            files.resumed();
        }
    }

    /** The connection is gone: file sends still queued fail. */
    void lost(Throwable cause) {
        if (files != null) {
            files.lost(cause);
        }
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
        if (files != null && files.isBusy()) {
            closeAfterFiles = true;
        } else {
            layer.close();
        }
    }

    @Override
    public void abort() {
        lost(null);
        layer.abort();
    }

    @Override
    public boolean isClosing() {
        return closeAfterFiles || layer.isClosing();
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
