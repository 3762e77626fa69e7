package io.corio.transports;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * A stream connection (TCP, Unix, TLS, in-memory) as its {@link Protocol} sees it. Methods are called on the loop
 * thread (see {@link BaseTransport}); the protocol's callbacks follow this lifecycle, each step at most once:
 *
 * <pre>
 *   connectionMade ──► dataReceived* ──► eofReceived? ──► connectionLost
 *        OPEN ──── writeEof() ───► OPEN, write side shut ─┐
 *          └────── close() ──► CLOSING (flushing) ────────┴──► CLOSED (connectionLost called)
 *          └────── abort() / error / peer reset ──────────────► CLOSED
 * </pre>
 *
 * <p>Writing never blocks: {@code write} tries the socket at once when nothing is queued and queues the rest,
 * which is flushed with gathering writes when the socket becomes writable. Flow control is the protocol's job,
 * through {@code pauseWriting}/{@code resumeWriting} and the water marks.
 */
public interface Transport extends BaseTransport {
    /**
     * Sends {@code data}; the transport takes ownership and releases it (also on failure and when it drops the
     * data because the transport is closing or lost, as asyncio drops writes after close).
     *
     * @throws io.corio.loop.InvalidStateException after {@link #writeEof()} (the buffer is released first)
     */
    void write(ByteBuf data);

    /** Copies {@code data} into a pooled direct buffer and sends it; the array may be reused at once. */
    default void write(byte[] data) {
        write(Buffers.copyOf(data));
    }

    /** Copies the remaining bytes of {@code data} and sends them; {@code data}'s position moves to its limit. */
    default void write(ByteBuffer data) {
        write(Buffers.allocator().directBuffer(data.remaining()).writeBytes(data));
    }

    /** Sends {@code text} encoded as UTF-8. */
    default void write(CharSequence text) {
        write(Buffers.utf8(text));
    }

    /**
     * Closes the write side after the buffered data is flushed (TCP half-close); reading continues. Idempotent.
     *
     * @throws UnsupportedOperationException when {@link #canWriteEof()} is false (TLS)
     */
    void writeEof();

    /** True when this transport supports {@link #writeEof()}: TCP and Unix yes, TLS no. */
    boolean canWriteEof();

    /** Stops calling {@code dataReceived} until {@link #resumeReading()}. Idempotent; no effect once closing. */
    void pauseReading();

    /** Undoes {@link #pauseReading()}. Idempotent. */
    void resumeReading();

    /** False between {@code pauseReading} and {@code resumeReading}, and once closing. */
    boolean isReading();

    /** The protocol that receives this transport's callbacks. */
    Protocol protocol();

    /**
     * Switches the protocol that receives the following callbacks (as asyncio's {@code set_protocol}; used by
     * {@code startTls}). The new protocol's {@code connectionMade} is not called.
     */
    void setProtocol(Protocol protocol);
}
