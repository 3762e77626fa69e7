package io.corio.protocols;

/**
 * A frame, line or chunk is longer than the configured limit (asyncio's {@code LimitOverrunError}): a
 * {@link StreamReader#readUntil} or {@link StreamReader#readLine()} whose separator was not found within the reader's
 * limit, a line longer than a {@link LineCodec}'s maximum, or a length prefix above a {@link LengthPrefixedCodec}'s
 * maximum (including a length field with its top bit set, which would be negative as a signed int). Peer input
 * that this side refuses; retrying the same read fails the same way.
 */
public class LimitOverrunException extends RuntimeException {
    private final long consumed;
    private final long limit;

    /**
     * @param message  what overran, for humans
     * @param consumed the length that overran: bytes scanned without finding the separator, the length of the
     *                 over-long line, or the declared frame length
     * @param limit    the limit it passed
     */
    public LimitOverrunException(String message, long consumed, long limit) {
        super(message);
        this.consumed = consumed;
        this.limit = limit;
    }

    /** The length that overran the limit (see the constructor). */
    public long consumed() {
        return consumed;
    }

    /** The limit that was passed. */
    public long limit() {
        return limit;
    }
}
