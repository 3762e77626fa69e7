package io.corio.transports;

/**
 * What every protocol hears from its transport, stream or datagram. All methods are called on the loop thread
 * that owns the transport, never concurrently, and default to doing nothing.
 */
public interface BaseProtocol {
    /**
     * The connection is gone: called exactly once, last, after which the transport is closed.
     *
     * @param cause null for a regular close or end of stream, otherwise what broke the connection
     *              (an {@link java.io.IOException} for a reset, an {@link javax.net.ssl.SSLException} for TLS)
     */
    default void connectionLost(Throwable cause) {
    }

    /**
     * The transport's write buffer went strictly above its high-water mark. Stop writing until
     * {@link #resumeWriting()}; calls are paired and never nested. Writes made while paused are still accepted.
     */
    default void pauseWriting() {
    }

    /** The write buffer drained to the low-water mark or below after a {@link #pauseWriting()}. */
    default void resumeWriting() {
    }
}
