package io.corio.protocols;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a byte stream into frames. Pure: no loop, no transport, no I/O, so it is tested by feeding buffers.
 * A decoder instance serves one connection and may remember how far it has scanned between calls, as long as
 * nobody but the decoder moves the input's reader index.
 *
 * <p>Ownership: {@code in} stays the caller's. A returned frame belongs to the caller, who releases it when it is
 * reference-counted (Corio's codecs return retained slices of {@code in}: no copy, and the caller must release).
 *
 * @param <T> the frame type
 */
public interface FrameDecoder<T> {
    /**
     * Decodes the next frame from {@code in}'s readable bytes and moves its reader index past it, or returns null
     * without consuming anything when more bytes are needed. Call again after a frame: several may be buffered.
     *
     * @throws LimitOverrunException when the frame is or declares itself longer than the decoder's maximum; the
     *                               stream cannot be resynchronised, so the connection should be closed
     */
    T decode(ByteBuf in);

    /**
     * The stream ended: returns a last frame, or null when {@code in} is empty. Called repeatedly until it returns
     * null. The default decodes complete frames and fails on leftover bytes.
     *
     * @throws IncompleteReadException when bytes remain that do not make a whole frame; they are consumed and
     *                                 carried by the exception
     */
    default T decodeEof(ByteBuf in) {
        T frame = decode(in);
        if (frame != null || !in.isReadable()) {
            return frame;
        }
        throw incomplete(in, -1);
    }

    /** Consumes {@code in}'s readable bytes into an {@link IncompleteReadException}, for {@link #decodeEof}. */
    static IncompleteReadException incomplete(ByteBuf in, long expected) {
        byte[] partial = new byte[in.readableBytes()];
        in.readBytes(partial);
        return new IncompleteReadException(partial, expected);
    }
}
