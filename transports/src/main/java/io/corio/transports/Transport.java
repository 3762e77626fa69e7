package io.corio.transports;

import io.corio.loop.Future;
import io.corio.transports.internal.FallbackTap;
import io.corio.transports.internal.FileSends;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

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
     * Sends {@code count} bytes of {@code file} from {@code position}, in order with the writes before and after
     * it, as one more write: TCP and Unix sockets hand the file to the kernel ({@link FileChannel#transferTo},
     * sendfile(2), no copy through the JVM); TLS and the memory transport read it in 64 KiB pooled chunks as
     * their write buffer drains, never the whole file at once. This default does the same through the
     * protocol's {@code resumeWriting} for any other implementation (the protocol is swapped for a forwarding one
     * during the send, as asyncio's fallback does), but cannot hold back writes made before the future
     * completes: there, await it before writing more. The file's own position is not used or moved, and
     * the transport does not close the file: keep it open until the future is done.
     *
     * <p>A file waiting in a socket transport's queue holds no memory and does not count in
     * {@link #writeBufferSize()} nor toward the water marks; writes made after it do. Await the future before
     * sending the next large file if you want to bound how many wait. {@link #close()} sends queued files first;
     * {@link #abort()} drops them.
     *
     * @return completes with {@code count} once every byte was handed to the kernel (or the layer below: the TLS
     *         engine, the peer of a memory transport); fails with the {@link java.io.IOException} that broke the
     *         connection (which is then aborted), with a {@link java.io.EOFException} at once, sending nothing,
     *         when the range goes past the end of the file, and with
     *         {@link io.corio.loop.ClosedResourceException} when the transport is closing or is aborted or lost
     *         before the file went out
     * @throws IllegalArgumentException             for a null file or a negative position or count
     * @throws io.corio.loop.InvalidStateException after {@link #writeEof()}
     */
    default Future<Long> sendFile(FileChannel file, long position, long count) {
        Future<Long> done = FileSends.precheck(this, file, position, count);
        return done != null ? done : FallbackTap.send(this, file, position, count);
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
