package io.corio.servers.rpc.internal;

import io.corio.protocols.FrameDecoder;
import io.corio.protocols.LimitOverrunException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Wraps a codec so that an oversized frame is not a silent close: the first {@link LimitOverrunException} is
 * remembered and announced with one empty marker frame, so the handler can answer {@code -32600} before it closes;
 * everything after it is discarded (the stream cannot be resynchronised).
 */
final class GuardedDecoder implements FrameDecoder<ByteBuf> {
    private final FrameDecoder<ByteBuf> inner;
    private LimitOverrunException overrun;

    GuardedDecoder(FrameDecoder<ByteBuf> inner) {
        this.inner = inner;
    }

    /** The overrun that stopped decoding, or null. */
    LimitOverrunException overrun() {
        return overrun;
    }

    @Override
    public ByteBuf decode(ByteBuf in) {
        if (overrun != null) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        try {
            return inner.decode(in);
        } catch (LimitOverrunException e) {
            overrun = e;
            in.skipBytes(in.readableBytes());
            return Unpooled.EMPTY_BUFFER;
        }
    }

    @Override
    public ByteBuf decodeEof(ByteBuf in) {
        if (overrun != null) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        return inner.decodeEof(in);
    }
}
