package io.corio.servers.http;

import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;

/**
 * Where a streaming response body goes (see {@link BodyWriter}). Each write is sent as it comes (as one chunk when
 * the response is chunked); a write returns once the connection's write buffer is at or below its high-water
 * mark, so a fast producer waits for a slow client instead of filling memory. Call from the body writer's
 * coroutine only.
 */
public interface BodyOutput {
    /**
     * Sends {@code data} (taking ownership: it is released even on failure), then awaits while the transport's
     * write buffer is over its high-water mark.
     *
     * @throws io.corio.loop.ClosedResourceException if the connection is closed or lost
     * @throws IllegalStateException                 if this would send more than the declared length
     */
    void write(ByteBuf data);

    /** Sends a copy of {@code data}. */
    default void write(byte[] data) {
        write(Buffers.copyOf(data));
    }

    /** Sends {@code text} encoded as UTF-8. */
    default void write(CharSequence text) {
        write(Buffers.utf8(text));
    }
}
