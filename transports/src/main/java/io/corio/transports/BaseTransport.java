package io.corio.transports;

import io.corio.loop.EventLoop;

/**
 * What stream and datagram transports share. Not thread-safe: every method must be called on the loop thread
 * that owns the transport (checked in debug mode), from a callback or a coroutine of that loop.
 */
public interface BaseTransport {
    /** The loop whose thread runs this transport's callbacks. */
    EventLoop loop();

    /**
     * Closes after the write buffer is flushed; reading stops at once. The protocol's {@code connectionLost(null)}
     * follows once the buffer is empty (or with the cause if flushing fails). Idempotent.
     */
    void close();

    /** Closes at once and drops the write buffer; {@code connectionLost(null)} is called soon. Idempotent. */
    void abort();

    /** True once {@link #close()} or {@link #abort()} was called or the connection was lost. */
    boolean isClosing();

    /**
     * Sets the write buffer water marks: the protocol's {@code pauseWriting} is called when the buffered bytes go
     * strictly above {@code high}, {@code resumeWriting} when they fall to {@code low} or below. Defaults 64 KiB and
     * 16 KiB. {@code high} 0 pauses whenever anything is buffered.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /** The current high-water mark in bytes. */
    int writeBufferHigh();

    /** The current low-water mark in bytes. */
    int writeBufferLow();

    /** Bytes accepted by {@code write} and not yet handed to the operating system (or the lower transport). */
    long writeBufferSize();

    /** Optional information about the connection, or null when this transport does not have it. */
    <T> T extra(Extra<T> key);
}
