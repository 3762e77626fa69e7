package io.corio.protocols;

import io.corio.protocols.internal.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Newline-delimited frames (JSON lines, text protocols). A frame is the bytes before a {@code '\n'}, without it,
 * and without a {@code '\r'} just before it unless that stripping is turned off; so {@code "a\r\nb\n"} gives
 * {@code "a"} and {@code "b"}. Encoding appends {@code '\n'} (the frame must not contain one: not checked).
 *
 * <p>Frames are retained slices of the input: no copy, and the caller releases them. A line longer than
 * {@code maxLength} fails with {@link LimitOverrunException} as soon as that many bytes arrived without a newline,
 * without buffering the rest. At the end of the stream, bytes after the last newline are an incomplete frame
 * ({@link IncompleteReadException}, expected -1).
 *
 * <p>One instance per connection when decoding (it remembers how far it scanned, so a long line arriving in
 * many pieces is scanned once); encoding keeps no state.
 */
public final class LineCodec implements FrameDecoder<ByteBuf>, FrameEncoder<ByteBuf> {
    private final int maxLength;
    private final boolean stripCarriageReturn;
    private int scanned; // readable bytes at the front of the input already known to hold no '\n'

    /** Lines of at most {@code maxLength} bytes (not counting the line ending), {@code "\r\n"} accepted too. */
    public LineCodec(int maxLength) {
        this(maxLength, true);
    }

    /**
     * @param maxLength           the longest line accepted, line ending excluded; must be > 0
     * @param stripCarriageReturn drop a {@code '\r'} before the {@code '\n'} (true by default)
     */
    public LineCodec(int maxLength, boolean stripCarriageReturn) {
        if (maxLength <= 0 || maxLength == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxLength must be > 0 and < Integer.MAX_VALUE, got " + maxLength);
        }
        this.maxLength = maxLength;
        this.stripCarriageReturn = stripCarriageReturn;
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public ByteBuf decode(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (scanned > readable) {
            scanned = 0; // someone else consumed input; scan again
        }
        int newline = in.indexOf(start + scanned, start + readable, (byte) '\n');
        if (newline < 0) {
            scanned = readable;
            // with stripping, a '\r' may still turn out to be part of the line ending
            if (readable > maxLength + (stripCarriageReturn ? 1 : 0)) {
                throw tooLong(readable);
            }
            return null;
        }
        scanned = 0;
        int length = newline - start;
        int content = stripCarriageReturn && length > 0 && in.getByte(newline - 1) == '\r' ? length - 1 : length;
        if (content > maxLength) {
            throw tooLong(content);
        }
        ByteBuf frame = in.readRetainedSlice(content);
        in.skipBytes(length - content + 1);
        return frame;
    }

    private LimitOverrunException tooLong(int length) {
        return new LimitOverrunException("line of " + length + " bytes or more, longer than the maximum "
                + maxLength, length, maxLength);
    }

    /** Returns {@code frame} followed by {@code '\n'}; consumes {@code frame}. */
    @Override
    public ByteBuf encode(ByteBuf frame, ByteBufAllocator allocator) {
        return Frames.append(allocator, frame, (byte) '\n');
    }

    @Override
    public String toString() {
        return "LineCodec[maxLength=" + maxLength + (stripCarriageReturn ? "" : ", keepCarriageReturn")
                + (scanned > 0 ? ", scanned=" + scanned : "") + "]";
    }
}
