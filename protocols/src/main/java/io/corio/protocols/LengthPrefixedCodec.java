package io.corio.protocols;

import io.corio.protocols.internal.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Frames preceded by their length as a 4-byte big-endian unsigned integer (the length of the payload, not counting
 * the prefix), as JSON-RPC over TCP and many binary protocols use.
 *
 * <p>Decoded frames are retained slices of the input (no copy; the caller releases them), without the prefix.
 * A declared length above {@code maxFrameLength} fails with {@link LimitOverrunException} as soon as the prefix
 * arrives, before any of the payload is buffered; so does a prefix with its top bit set, which some peers would
 * read as a negative length. At the end of the stream, a partial prefix or payload is an
 * {@link IncompleteReadException} whose {@code expected} is the whole frame's size (prefix included), or 4 while
 * the prefix itself is incomplete. Keeps no state: one instance may serve every connection.
 */
public final class LengthPrefixedCodec implements FrameDecoder<ByteBuf>, FrameEncoder<ByteBuf> {
    /** The size of the length prefix in bytes. */
    public static final int PREFIX_LENGTH = 4;

    private final int maxFrameLength;

    /** @param maxFrameLength the largest payload accepted, in bytes; must be > 0 */
    public LengthPrefixedCodec(int maxFrameLength) {
        if (maxFrameLength <= 0 || maxFrameLength > Integer.MAX_VALUE - PREFIX_LENGTH) {
            throw new IllegalArgumentException("maxFrameLength must be > 0 and <= " + (Integer.MAX_VALUE
                    - PREFIX_LENGTH) + ", got " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    @Override
    public ByteBuf decode(ByteBuf in) {
        if (in.readableBytes() < PREFIX_LENGTH) {
            return null;
        }
        int length = declaredLength(in);
        if (in.readableBytes() - PREFIX_LENGTH < length) {
            return null;
        }
        in.skipBytes(PREFIX_LENGTH);
        return in.readRetainedSlice(length);
    }

    @Override
    public ByteBuf decodeEof(ByteBuf in) {
        ByteBuf frame = decode(in);
        if (frame != null || !in.isReadable()) {
            return frame;
        }
        long expected = in.readableBytes() < PREFIX_LENGTH ? PREFIX_LENGTH : PREFIX_LENGTH + declaredLength(in);
        throw FrameDecoder.incomplete(in, expected);
    }

    /** The payload length announced at {@code in}'s reader index, checked against the maximum. */
    private int declaredLength(ByteBuf in) {
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameLength) {
            String detail = length > Integer.MAX_VALUE ? " (negative as a signed int: " + (int) length + ")" : "";
            throw new LimitOverrunException("frame length " + length + detail + " is above the maximum "
                    + maxFrameLength, length, maxFrameLength);
        }
        return (int) length;
    }

    /** Returns the 4-byte prefix followed by {@code frame}; consumes {@code frame}. */
    @Override
    public ByteBuf encode(ByteBuf frame, ByteBufAllocator allocator) {
        int length = frame.readableBytes();
        if (length > maxFrameLength) {
            frame.release();
            throw new LimitOverrunException("frame of " + length + " bytes is above the maximum " + maxFrameLength,
                    length, maxFrameLength);
        }
        return Frames.prefixLength(allocator, frame);
    }

    @Override
    public String toString() {
        return "LengthPrefixedCodec[maxFrameLength=" + maxFrameLength + "]";
    }
}
