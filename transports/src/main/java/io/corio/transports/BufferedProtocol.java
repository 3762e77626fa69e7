package io.corio.transports;

import io.netty.buffer.ByteBuf;

/**
 * A protocol that supplies the buffer the transport reads into, so that bytes land where the protocol keeps them
 * (no copy between a read buffer and the protocol's own accumulation buffer). Transports that support it call
 * {@link #getBuffer} then {@link #bufferUpdated} instead of {@link #dataReceived}; transports that do not (TLS
 * layers) fall back to {@code dataReceived}, whose default here copies into {@code getBuffer}.
 */
public interface BufferedProtocol extends Protocol {
    /**
     * Returns a buffer with at least one writable byte; the transport writes at most {@code writableBytes()}
     * bytes at its writer index and then calls {@link #bufferUpdated}. The protocol keeps ownership.
     * Called on the loop thread before each read.
     *
     * @param sizeHint how many bytes the transport would like to read; a hint, may be ignored
     */
    ByteBuf getBuffer(int sizeHint);

    /** {@code n} (> 0) bytes were written into the last buffer from {@link #getBuffer}; its writer index moved. */
    void bufferUpdated(int n);

    @Override
    default void dataReceived(ByteBuf data) {
        while (data.isReadable()) {
            ByteBuf target = getBuffer(data.readableBytes());
            int n = Math.min(target.writableBytes(), data.readableBytes());
            target.writeBytes(data, n);
            bufferUpdated(n);
        }
    }
}
