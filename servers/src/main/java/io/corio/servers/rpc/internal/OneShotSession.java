package io.corio.servers.rpc.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.time.Duration;

/** The session of one message whose answer is a byte array (an HTTP POST body): no framing, no limits. */
public final class OneShotSession extends Session {
    private final Future<byte[]> response;

    private OneShotSession(EventLoop loop) {
        super(loop, null, Buffers.allocator(), Duration.ZERO);
        this.response = loop.createFuture();
    }

    /** Handles {@code body}; the future completes with the response, or null when there is none. */
    public static Future<byte[]> dispatch(EventLoop loop, Dispatcher dispatcher, byte[] body) {
        var session = new OneShotSession(loop);
        if (!dispatcher.handle(Unpooled.wrappedBuffer(body), session) && !session.response.isDone()) {
            session.response.setResult(null);
        }
        return session.response;
    }

    @Override
    protected void send(ByteBuf response) {
        try {
            if (!this.response.isDone()) {
                this.response.setResult(ByteBufUtil.getBytes(response));
            }
        } finally {
            response.release();
        }
    }
}
