package io.corio.protocols;

/**
 * The callbacks of a {@link FramedProtocol}: a {@code Protocol} that hears whole frames instead of bytes. Called on
 * the loop thread, in the order {@code connectionMade → frameReceived* → eofReceived? → connectionLost}, like the
 * {@code Protocol} methods they stand for. Only {@link #frameReceived} must be written.
 *
 * @param <T> the frame type of the protocol's codec
 */
public interface FrameHandler<T> {
    /** The connection is up; keep {@code protocol} to send frames with {@link FramedProtocol#sendFrame}. */
    default void connectionMade(FramedProtocol<T> protocol) {
    }

    /**
     * A whole frame arrived. The frame is <em>borrowed</em> for the call, as {@code dataReceived}'s buffer is: a
     * reference-counted frame is released after the call, so {@code retain()} it to keep it or send it on
     * ({@code protocol.sendFrame(frame.retain())} echoes it).
     */
    void frameReceived(T frame);

    /**
     * The peer ended the stream after the last whole frame. Return true to keep the write side open. Not called
     * when the stream ended inside a frame: the connection is then closed and {@link #connectionLost} gets the
     * {@link IncompleteReadException}.
     */
    default boolean eofReceived() {
        return false;
    }

    /**
     * The connection is gone. {@code cause} is null after a clean close, the transport's error, or the decoder's
     * error ({@link LimitOverrunException}, {@link IncompleteReadException}) when malformed input closed it.
     */
    default void connectionLost(Throwable cause) {
    }

    /** The transport's write buffer went over its high-water mark; see {@code BaseProtocol.pauseWriting}. */
    default void pauseWriting() {
    }

    /** The write buffer drained to its low-water mark. */
    default void resumeWriting() {
    }
}
