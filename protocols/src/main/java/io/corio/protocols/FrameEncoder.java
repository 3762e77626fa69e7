package io.corio.protocols;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns a frame into the bytes that go on the wire. Pure, like {@link FrameDecoder}; may be shared by connections
 * when it keeps no state (Corio's codecs keep none when encoding).
 *
 * @param <T> the frame type
 */
public interface FrameEncoder<T> {
    /**
     * Returns the wire bytes of {@code frame}, in a buffer the caller owns (ready for {@code Transport.write}).
     * A reference-counted frame is consumed: the encoder releases it or hands it on inside the result, also when
     * it throws.
     *
     * @throws LimitOverrunException when the frame is longer than the codec allows
     */
    ByteBuf encode(T frame, ByteBufAllocator allocator);
}
