package io.corio.servers.http.internal;

import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;
import io.corio.servers.http.BodyReader;
import io.corio.servers.http.HttpException;
import io.corio.servers.http.HttpHeaders;
import io.corio.servers.http.HttpRequest;
import io.corio.servers.http.HttpResponse;
import io.corio.servers.http.HttpVersion;
import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * A request read by an {@link HttpConnection}, with everything the connection tracks for it: its place in the
 * pipeline (a linked queue), the handler's task and response, and the body as it arrives. The body is held
 * according to how the handler asked for it: unread pieces are queued (up to {@code readBuffer}, then reading
 * pauses), {@link #body()} collects them into one array, {@link #read()} hands them out one by one, and after
 * the response an unread rest is discarded. Loop thread only.
 */
public final class ServerRequest extends HttpRequest implements BodyReader, Callable<Void> {
    private static final byte[] EMPTY = new byte[0];
    private static final HttpHeaders NO_TRAILERS = new HttpHeaders();

    private enum Mode { UNREAD, AGGREGATE, STREAM, DISCARD }

    private final HttpConnection connection;
    final boolean keepAlive;
    final boolean expectContinue;
    final boolean hasBody;
    final boolean headMethod;
    final long startNanos;
    private final long contentLength;

    // the exchange, driven by the connection
    ServerRequest next;
    Task<Void> task;
    HttpResponse response;
    Future<Void> turn;
    boolean sending;
    boolean closeAfter;
    boolean continueSent;
    boolean continueWanted;
    HttpException bodyError;
    long bytesSent;

    // the body
    private Mode mode = Mode.UNREAD;
    private boolean ended;
    private Throwable failure;
    private ArrayDeque<ByteBuf> pieces;
    private long buffered;
    private byte[] whole;
    private int wholeSize;
    private Future<byte[]> wholeFuture;
    private Future<ByteBuf> waiting;
    private HttpHeaders trailers;

    ServerRequest(HttpConnection connection, String method, String target, HttpVersion version, HttpHeaders headers,
                  long contentLength, boolean keepAlive, boolean expectContinue, long startNanos) {
        super(method, target, version, headers);
        this.connection = connection;
        this.contentLength = contentLength;
        this.keepAlive = keepAlive;
        this.hasBody = contentLength != 0;
        this.expectContinue = expectContinue && hasBody;
        this.headMethod = method.equals("HEAD");
        this.startNanos = startNanos;
        this.ended = !hasBody;
    }

    /** The handler's coroutine: the connection starts one task per request with this as its body. */
    @Override
    public Void call() {
        connection.run(this);
        return null;
    }

    // ----------------------------------------------------------------------------------- handler side

    @Override
    public Future<byte[]> body() {
        if (mode == Mode.STREAM) {
            throw new InvalidStateException("body() after bodyReader() on " + this);
        }
        if (wholeFuture != null) {
            return wholeFuture;
        }
        wholeFuture = connection.loop().createFuture();
        mode = Mode.AGGREGATE;
        if (contentLength > 0) {
            whole = new byte[(int) contentLength];
        }
        while (pieces != null && !pieces.isEmpty()) {
            ByteBuf piece = pieces.poll();
            append(piece);
            piece.release();
        }
        buffered = 0;
        connection.bodyWanted(this);
        completeWhole();
        return wholeFuture;
    }

    @Override
    public BodyReader bodyReader() {
        if (mode == Mode.AGGREGATE) {
            throw new InvalidStateException("bodyReader() after body() on " + this);
        }
        if (mode == Mode.UNREAD) {
            mode = Mode.STREAM;
            connection.bodyWanted(this);
        }
        return this;
    }

    @Override
    public Future<ByteBuf> read() {
        if (mode != Mode.STREAM) {
            bodyReader();
        }
        if (waiting != null) {
            throw new InvalidStateException("read() while the previous read is pending on " + this);
        }
        Future<ByteBuf> f = connection.loop().createFuture();
        if (pieces != null && !pieces.isEmpty()) {
            ByteBuf piece = pieces.poll();
            buffered -= piece.readableBytes();
            f.setResult(piece);
            connection.bodyConsumed(this);
        } else if (failure != null) {
            f.setException(failure);
        } else if (ended) {
            f.setResult(null);
        } else {
            waiting = f;
        }
        return f;
    }

    @Override
    public long contentLength() {
        return contentLength > 0 ? contentLength : contentLength < 0 ? -1 : 0;
    }

    @Override
    public HttpHeaders trailers() {
        return trailers == null ? NO_TRAILERS : trailers;
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    // -------------------------------------------------------------------------------- connection side

    /** A piece of the body arrived (owned by this request now); true when unread bytes exceed {@code limit}. */
    boolean onContent(ByteBuf piece, int limit) {
        switch (mode) {
            case DISCARD -> piece.release();
            case AGGREGATE -> {
                append(piece);
                piece.release();
            }
            default -> {
                if (waiting != null) {
                    Future<ByteBuf> w = waiting;
                    waiting = null;
                    w.setResult(piece);
                } else {
                    if (pieces == null) {
                        pieces = new ArrayDeque<>(4);
                    }
                    pieces.add(piece);
                    buffered += piece.readableBytes();
                }
            }
        }
        return buffered > limit;
    }

    void onEnd(HttpHeaders trailers) {
        ended = true;
        this.trailers = trailers;
        if (waiting != null) {
            Future<ByteBuf> w = waiting;
            waiting = null;
            w.setResult(null);
        }
        if (mode == Mode.AGGREGATE) {
            completeWhole();
        }
    }

    /** The body cannot be read to its end: readers fail with {@code cause}. */
    void fail(Throwable cause) {
        if (ended || failure != null) {
            return;
        }
        failure = cause;
        releasePieces();
        if (waiting != null) {
            Future<ByteBuf> w = waiting;
            waiting = null;
            w.setException(cause);
        }
        if (wholeFuture != null && !wholeFuture.isDone()) {
            wholeFuture.setException(cause);
        }
    }

    /** The response is out: whatever of the body is still to come is dropped. */
    void discard() {
        mode = Mode.DISCARD;
        releasePieces();
    }

    boolean bodyEnded() {
        return ended;
    }

    boolean wantsBody() {
        return mode == Mode.AGGREGATE || mode == Mode.STREAM;
    }

    long buffered() {
        return buffered;
    }

    private void append(ByteBuf piece) {
        int n = piece.readableBytes();
        if (whole == null) {
            whole = new byte[Math.max(n, 1024)];
        } else if (wholeSize + n > whole.length) {
            whole = java.util.Arrays.copyOf(whole, Math.max(wholeSize + n, whole.length * 2));
        }
        piece.readBytes(whole, wholeSize, n);
        wholeSize += n;
    }

    private void completeWhole() {
        if (wholeFuture.isDone()) {
            return;
        }
        if (failure != null) {
            wholeFuture.setException(failure);
        } else if (ended) {
            byte[] all = whole == null ? EMPTY
                    : wholeSize == whole.length ? whole : java.util.Arrays.copyOf(whole, wholeSize);
            whole = null;
            wholeFuture.setResult(all);
        }
    }

    private void releasePieces() {
        if (pieces != null) {
            ByteBuf b;
            while ((b = pieces.poll()) != null) {
                b.release();
            }
        }
        buffered = 0;
    }
}
