package io.corio.servers.http.client.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.http.client.HttpClientHeaders;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * The body of a streamed response between the connection (which pushes pieces as they are parsed) and the reader
 * (one {@link #read()} at a time). Reading from the socket pauses while more than {@code high} bytes wait unread,
 * and resumes when they are read. Loop thread only.
 */
public final class StreamBody {
    private final EventLoop loop;
    private final Transport transport;
    private final long high;
    private final Runnable abandon;
    private final ArrayDeque<byte[]> pieces = new ArrayDeque<>();
    private long queued;
    private boolean paused;
    private boolean ended;
    private Throwable failure;
    private HttpClientHeaders trailers = new HttpClientHeaders();
    private Future<byte[]> waiter;

    StreamBody(EventLoop loop, Transport transport, long high, Runnable abandon) {
        this.loop = loop;
        this.transport = transport;
        this.high = high;
        this.abandon = abandon;
    }

    void push(ByteBuf piece) {
        byte[] bytes = new byte[piece.readableBytes()];
        piece.getBytes(piece.readerIndex(), bytes);
        if (waiter != null && !waiter.isDone()) {
            waiter.setResult(bytes);
            waiter = null;
            return;
        }
        pieces.add(bytes);
        queued += bytes.length;
        if (queued > high && !paused) {
            paused = true;
            transport.pauseReading();
        }
    }

    /** The body is complete; reading resumes (the connection goes back to the pool). */
    void end(HttpClientHeaders trailers) {
        ended = true;
        this.trailers = trailers;
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        if (waiter != null && !waiter.isDone() && pieces.isEmpty()) {
            waiter.setResult(null);
            waiter = null;
        }
    }

    void fail(Throwable e) {
        failure = e;
        if (waiter != null && !waiter.isDone()) {
            waiter.setException(e);
            waiter = null;
        }
    }

    /**
     * The next piece of the body, or null after the last one. Fails with the connection's failure once the
     * pieces read before it are consumed.
     *
     * @throws IllegalStateException if a read is already pending
     */
    public Future<byte[]> read() {
        if (waiter != null && !waiter.isDone()) {
            throw new IllegalStateException("a read of this response body is already pending");
        }
        Future<byte[]> f = loop.createFuture();
        byte[] next = pieces.poll();
        if (next != null) {
            queued -= next.length;
            if (paused && queued <= high / 2) {
                paused = false;
                transport.resumeReading();
            }
            f.setResult(next);
        } else if (failure != null) {
            f.setException(failure);
        } else if (ended) {
            f.setResult(null);
        } else {
            waiter = f;
        }
        return f;
    }

    /** True once the whole body was parsed (pieces may still wait to be read). */
    public boolean isComplete() {
        return ended;
    }

    /** The trailer fields, once complete. */
    public HttpClientHeaders trailers() {
        return trailers;
    }

    /** Gives up the rest of the body: the connection is aborted unless the body was complete. Idempotent. */
    public void close() {
        pieces.clear();
        queued = 0;
        if (!ended && failure == null) {
            failure = new IllegalStateException("the response body stream was closed");
            abandon.run();
        }
    }
}
