package io.corio.servers.http.client.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimerHandle;
import io.corio.servers.http.client.HttpClientException;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.servers.http.client.HttpClientResponse;
import io.corio.servers.http.client.HttpClientStream;
import io.corio.servers.http.client.internal.ResponseParser.Event;
import io.corio.transports.Buffers;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;

/**
 * One client connection: sends one request at a time and parses its response as bytes arrive. Loop thread only.
 *
 * <pre>
 *   connecting ──► idle ⇄ busy (one exchange) ──► closed (connectionLost; the pool forgets it)
 * </pre>
 *
 * A connection is handed back to its {@link Owner} after each complete response, saying whether it can carry
 * another request. Bytes arriving while idle (a server's 408 before it closes) make it unusable: it closes.
 */
public final class ClientConnection implements Protocol {
    /** The pool side: told when a response completed and when the connection is gone. Loop thread. */
    public interface Owner {
        /** The exchange finished; {@code reusable} when the connection may carry another request. */
        void released(ClientConnection connection, boolean reusable);

        /** The connection is lost (called once, also for connections that never carried a request). */
        void lost(ClientConnection connection);
    }

    private final EventLoop loop;
    private final Origin origin;
    private final Owner owner;
    private final ResponseParser parser;
    private Transport transport;
    private ByteBuf pending;
    private Exchange exchange;
    private boolean lost;
    private int served;
    private TimerHandle idleTimer;

    /** Bytes of a streamed body that may wait unread before reading from the socket pauses. */
    static final long STREAM_HIGH_WATER = 256 * 1024;

    /** The request in flight: its response is either buffered whole or streamed after the head. */
    private final class Exchange {
        final Future<HttpClientResponse> result;
        final Future<HttpClientStream> streamed;
        final URI uri;
        final String target;
        final long maxBody;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        StreamBody stream;
        TimerHandle headersTimer;
        boolean anyByte;

        Exchange(URI uri, String target, long maxBody, boolean streaming) {
            this.uri = uri;
            this.target = target;
            this.maxBody = maxBody;
            this.result = streaming ? null : loop.createFuture();
            this.streamed = streaming ? loop.createFuture() : null;
        }

        Future<?> future() {
            return result != null ? result : streamed;
        }

        void failWith(HttpClientException e) {
            if (stream != null) {
                stream.fail(e);
            } else if (!future().isDone()) {
                future().setException(e);
            }
        }
    }

    public ClientConnection(EventLoop loop, Origin origin, Owner owner, int maxHeadBytes) {
        this.loop = loop;
        this.origin = origin;
        this.owner = owner;
        this.parser = new ResponseParser(maxHeadBytes);
    }

    public Origin origin() {
        return origin;
    }

    /** Requests completed on this connection: more than 0 means it is being reused. */
    public int served() {
        return served;
    }

    public boolean isUsable() {
        return transport != null && !lost && !transport.isClosing() && exchange == null;
    }

    /**
     * Sends the encoded request (the connection takes ownership of {@code request}) and returns the future of the
     * response. Fails with {@link HttpClientException}: TIMEOUT when no head arrives within
     * {@code headersTimeout}, CLOSED when the connection ends first ({@code beforeResponse()} when no response
     * byte had arrived), MALFORMED, TOO_LARGE. Cancelling the future aborts the connection.
     */
    public Future<HttpClientResponse> send(ByteBuf request, URI uri, String target, boolean head,
                                           Duration headersTimeout, long maxBody) {
        return start(request, new Exchange(uri, target, maxBody, false), head, headersTimeout).result;
    }

    /**
     * Like {@link #send}, for a response whose body is streamed: the future completes when the head has arrived,
     * and the body follows through the {@link HttpClientStream} (no size limit; the reader paces it).
     */
    public Future<HttpClientStream> sendStreaming(ByteBuf request, URI uri, String target, boolean head,
                                                  Duration headersTimeout) {
        return start(request, new Exchange(uri, target, Long.MAX_VALUE, true), head, headersTimeout).streamed;
    }

    private Exchange start(ByteBuf request, Exchange x, boolean head, Duration headersTimeout) {
        String target = x.target;
        if (exchange != null) {
            request.release();
            throw new IllegalStateException("connection to " + origin + " is busy: " + this);
        }
        cancelIdleTimer();
        if (!isUsable()) { // lost between leaving the pool and this call: as if it died under the request
            request.release();
            x.failWith(new HttpClientException(Kind.CLOSED, target, "connection closed before the request was sent",
                    null, true));
            return x;
        }
        exchange = x;
        parser.start(head);
        if (headersTimeout != null) {
            x.headersTimer = loop.callLater(headersTimeout, () -> fail(x, new HttpClientException(Kind.TIMEOUT,
                    target, "no response head within " + millis(headersTimeout) + " ms", null)));
        }
        x.future().addDoneCallback(f -> {
            if (f.isCancelled()) {
                abandon(x); // the response is half read: the connection cannot be reused
            }
        });
        transport.write(request);
        return x;
    }

    /** Gives up exchange {@code x} before its end: aborts the connection. */
    private void abandon(Exchange x) {
        if (exchange == x) {
            exchange = null;
            if (x.headersTimer != null) {
                x.headersTimer.cancel();
            }
            releasePending();
            transport.abort();
        }
    }

    /** Closes the connection after {@code timeout} unless it is used before. Pool only, while idle. */
    public void idleFor(Duration timeout, Runnable expired) {
        cancelIdleTimer();
        idleTimer = loop.callLater(timeout, () -> {
            idleTimer = null;
            expired.run();
            close();
        });
    }

    public void close() {
        cancelIdleTimer();
        if (transport != null) {
            transport.close();
        }
    }

    // ----------------------------------------------------------------------------------------- protocol

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuf data) {
        Exchange x = exchange;
        if (x == null) {
            transport.close(); // unsolicited bytes: whatever the server meant, this connection is done
            return;
        }
        x.anyByte = true;
        if (pending == null) {
            process(x, data);
            if (data.isReadable() && exchange == x) {
                pending = Buffers.allocator().directBuffer(data.readableBytes() * 2).writeBytes(data);
            }
        } else {
            pending.writeBytes(data);
            process(x, pending);
            if (pending != null) {
                if (pending.isReadable()) {
                    pending.discardReadBytes();
                } else {
                    releasePending();
                }
            }
        }
    }

    private void process(Exchange x, ByteBuf in) {
        try {
            Event e;
            while (exchange == x && (e = parser.next(in)) != Event.NEED_MORE) {
                switch (e) {
                    case HEAD -> headArrived(x);
                    case BODY -> bodyArrived(x, parser.body());
                    case END -> complete(x, parser.reusable() && !in.isReadable());
                    default -> throw new AssertionError(e);
                }
            }
        } catch (HttpClientException e) {
            fail(x, e.withTarget(x.target));
        }
    }

    private void headArrived(Exchange x) {
        if (x.headersTimer != null) {
            x.headersTimer.cancel();
            x.headersTimer = null;
        }
        if (x.result != null && parser.declaredLength() > x.maxBody) { // refuse now rather than after reading it
            throw new HttpClientException(Kind.TOO_LARGE, x.target, "response body of " + parser.declaredLength()
                    + " bytes (Content-Length) larger than " + x.maxBody + " bytes", null);
        }
        if (x.streamed != null) {
            x.stream = new StreamBody(loop, transport, STREAM_HIGH_WATER, () -> abandon(x));
            x.streamed.setResult(new HttpClientStream(x.uri, parser.minorVersion(), parser.status(),
                    parser.reason(), parser.headers(), x.stream));
        }
    }

    private void bodyArrived(Exchange x, ByteBuf piece) {
        if (x.stream != null) {
            x.stream.push(piece);
            return;
        }
        int n = piece.readableBytes();
        if (x.body.size() + (long) n > x.maxBody) {
            throw new HttpClientException(Kind.TOO_LARGE, x.target, "response body larger than " + x.maxBody
                    + " bytes", null);
        }
        if (piece.hasArray()) {
            x.body.write(piece.array(), piece.arrayOffset() + piece.readerIndex(), n);
        } else {
            byte[] copy = new byte[n];
            piece.getBytes(piece.readerIndex(), copy);
            x.body.writeBytes(copy);
        }
    }

    private void complete(Exchange x, boolean reusable) {
        exchange = null;
        served++;
        releasePending();
        if (x.stream != null) {
            x.stream.end(parser.trailers());
        } else {
            x.result.setResult(new HttpClientResponse(x.uri, parser.minorVersion(), parser.status(),
                    parser.reason(), parser.headers(), parser.trailers(), x.body.toByteArray()));
        }
        boolean keep = reusable && !lost && !transport.isClosing();
        if (!keep) {
            transport.close();
        }
        owner.released(this, keep);
    }

    private void fail(Exchange x, HttpClientException e) {
        if (exchange != x) {
            return;
        }
        exchange = null;
        if (x.headersTimer != null) {
            x.headersTimer.cancel();
        }
        releasePending();
        x.failWith(e);
        if (transport != null) {
            transport.abort();
        }
    }

    @Override
    public boolean eofReceived() {
        Exchange x = exchange;
        if (x != null) {
            try {
                if (parser.endOfInput() == Event.END) {
                    complete(x, false);
                }
            } catch (HttpClientException e) {
                fail(x, new HttpClientException(e.kind(), x.target, e.getMessage(), null,
                        e.beforeResponse() && !x.anyByte));
            }
        }
        return false;
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = true;
        cancelIdleTimer();
        releasePending();
        Exchange x = exchange;
        if (x != null) {
            String why = cause == null ? "connection closed" : "connection lost: " + cause.getMessage();
            fail(x, new HttpClientException(Kind.CLOSED, x.target, why + (x.anyByte ? " during the response"
                    : " before any response byte"), cause, !x.anyByte));
        }
        owner.lost(this);
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    @Override
    public String toString() {
        return "ClientConnection[" + origin + ", " + (lost ? "lost" : exchange != null ? "busy" : "idle")
                + ", served=" + served + (transport == null ? ", connecting" : "") + "]";
    }
}
