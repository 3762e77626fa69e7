package io.corio.protocols;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.Future;
import io.corio.transports.Extra;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;
import io.netty.buffer.ByteBuf;

/**
 * The writing half of a stream connection, for coroutines (asyncio's {@code StreamWriter}). Loop-confined.
 *
 * <p>{@code write} never blocks and never fails for a full buffer: bytes queue in the transport. Flow control is
 * {@link #drain()}, which a writer awaits after writing; {@link #send} does both and is the default way to write:
 * <pre>{@code
 * writer.send(line.toUpperCase() + "\n").await();   // suspends only while the transport is over its high mark
 * }</pre>
 *
 * <p>Errors: once the connection is lost, writes are dropped (as asyncio does) and {@code drain}/{@code send}
 * fail with the connection's error, or {@link BrokenResourceException} when the peer closed it cleanly, or
 * {@link ClosedResourceException} when this side closed it.
 */
public interface StreamWriter {
    /** Queues {@code data} for sending; takes ownership of the buffer (released by the transport). */
    void write(ByteBuf data);

    /** Queues a copy of {@code data}; the array may be reused at once. */
    void write(byte[] data);

    /** Queues {@code text} encoded as UTF-8. */
    void write(CharSequence text);

    /**
     * Completes when the caller may write more: at once (already completed) unless the transport's buffer is over
     * its high-water mark, else when it has drained to the low-water mark. Fails when the connection is lost
     * (see the class comment). Several tasks may drain at once; cancelling one drain does not affect the others.
     */
    Future<Void> drain();

    /** {@link #write(ByteBuf)} then {@link #drain()}. */
    default Future<Void> send(ByteBuf data) {
        write(data);
        return drain();
    }

    /** {@link #write(byte[])} then {@link #drain()}. */
    default Future<Void> send(byte[] data) {
        write(data);
        return drain();
    }

    /** {@link #write(CharSequence)} then {@link #drain()}. */
    default Future<Void> send(CharSequence text) {
        write(text);
        return drain();
    }

    /** Closes the write side after the buffered bytes are sent (half-close); reading goes on. */
    void writeEof();

    /** False over TLS, which cannot half-close. */
    boolean canWriteEof();

    /** Closes the connection after the buffered bytes are sent. Idempotent. */
    void close();

    /** True once {@link #close()} was called or the connection is closing or lost. */
    boolean isClosing();

    /**
     * Completes when the connection is lost: normally after a clean close, with the connection's error otherwise.
     */
    Future<Void> waitClosed();

    /**
     * Upgrades the connection to TLS ({@code Network.startTls}); when the future completes, this writer and its
     * reader use the TLS transport. Bytes the reader already buffered stay plaintext. Do not write meanwhile.
     *
     * @param serverHostname for a client context: the name for SNI and hostname verification
     */
    Future<Void> startTls(TlsContext context, String serverHostname);

    /** Optional information about the connection (peer address, TLS session...), or null. */
    <T> T extra(Extra<T> key);

    /** The transport underneath (the TLS one after {@link #startTls}). */
    Transport transport();
}
