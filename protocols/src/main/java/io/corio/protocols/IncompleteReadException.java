package io.corio.protocols;

import io.corio.loop.BrokenResourceException;

/**
 * The stream ended before a read could be satisfied: {@code readExactly(n)} got fewer than {@code n} bytes,
 * {@code readUntil} reached the end without the separator, or a {@link FrameDecoder} was left with part of a frame
 * (asyncio's {@code IncompleteReadError}). The bytes that did arrive were consumed and are carried here, as a copy.
 * A {@link BrokenResourceException}: the peer stopped early, nobody on this side asked for it.
 */
public class IncompleteReadException extends BrokenResourceException {
    private final byte[] partial;
    private final long expected;

    /**
     * @param partial  the bytes read before the end (copied by the caller; kept as given)
     * @param expected how many bytes were expected in total, or -1 when unknown (a separator that never came)
     */
    public IncompleteReadException(byte[] partial, long expected) {
        super(partial.length + " bytes read before the end of the stream, "
                + (expected < 0 ? "separator not found" : expected + " expected"));
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes that arrived before the end (not a copy: do not modify). */
    public byte[] partial() {
        return partial;
    }

    /** The number of bytes that was expected, or -1 when unknown. */
    public long expected() {
        return expected;
    }
}
