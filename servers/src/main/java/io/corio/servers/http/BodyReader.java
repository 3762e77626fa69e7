package io.corio.servers.http;

import io.corio.loop.Future;
import io.netty.buffer.ByteBuf;

/**
 * A request body read piece by piece, as it arrives: the streaming form of {@link HttpRequest#body()}. The
 * connection reads ahead at most the listener's {@code readBuffer} bytes that nobody has taken; beyond that it
 * stops reading from the socket until the handler calls {@link #read()} again (backpressure). Loop thread only.
 */
public interface BodyReader {
    /**
     * The next piece of the body (de-chunked), or null at its end. The caller owns the buffer and must release it.
     * The future fails with an {@link HttpException} when the body is malformed (400), too large (413) or too slow
     * (408), and with {@link io.corio.loop.ClosedResourceException} when the connection is lost.
     *
     * @throws io.corio.loop.InvalidStateException if the previous read is still pending
     */
    Future<ByteBuf> read();
}
