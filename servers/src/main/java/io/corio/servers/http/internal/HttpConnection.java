package io.corio.servers.http.internal;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.http.HttpException;
import io.corio.servers.http.HttpResponse;
import io.corio.servers.http.HttpStatus;
import io.corio.servers.http.HttpVersion;
import io.corio.transports.Buffers;
import io.corio.transports.Extra;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;

/**
 * One HTTP/1.1 connection: parses requests as bytes arrive, starts a handler task per request, and writes the
 * responses in request order.
 *
 * <pre>
 *   bytes ──► RequestParser ──► ServerRequest queue (head … tail, at most pipeline + 1) ──► responses, in order
 * </pre>
 *
 * Reading pauses while the queue is full, while a handler leaves more than {@code readBuffer} body bytes unread,
 * and for good once draining or after a bad request. Complete responses are encoded into one pooled buffer and
 * written together (one write for a batch of pipelined answers); streaming and file bodies are written by the
 * request's own task with flow control. One timer per connection enforces the header, body and idle timeouts by
 * moving a deadline, so a busy keep-alive connection schedules no timer per request. The idle timeout also bounds
 * how long answers may wait for a client that does not read them (the transport over its high-water mark, or a
 * close that cannot flush): such a client is aborted then. Loop thread only.
 */
public final class HttpConnection implements Protocol {
    private static final int NONE = Deadline.NONE;
    private static final int IDLE = 1;
    private static final int HEADER = 2;
    private static final int BODY = 3;
    /** The client reads nothing of its answers: the transport stays over its high-water mark, or cannot flush. */
    private static final int SEND = 4;
    private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);

    private final HttpService service;
    private final EventLoop loop;
    private final RequestParser parser;
    private final boolean direct;
    private Transport transport;
    private ByteBuf pending;
    private ServerRequest head;
    private ServerRequest tail;
    private ServerRequest reading;
    private int queued;
    private ByteBuf out;
    private boolean flushScheduled;
    private boolean inRead;
    private boolean closing;
    private boolean draining;
    private boolean stopped;
    private boolean peerEof;
    private boolean pipelinePaused;
    private boolean bodyPaused;
    private boolean writingPaused;
    private Future<Void> writable;
    private final Deadline deadline;

    HttpConnection(HttpService service) {
        this.service = service;
        this.direct = service.handler() instanceof DirectHandler;
        this.loop = service.loop();
        this.parser = new RequestParser(service.options().limits());
        this.deadline = new Deadline(loop, this::timedOut);
    }

    EventLoop loop() {
        return loop;
    }

    HttpService service() {
        return service;
    }

    SocketAddress remoteAddress() {
        return transport == null ? null : transport.extra(Extra.PEER_ADDRESS);
    }

    // ------------------------------------------------------------------------------------ reading

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        if (service.connectionSet().size() >= service.options().limits().maxConnections()
                || !service.connectionSet().add(this)) { // over the limit, or draining
            closing = true;
            transport.close();
            return;
        }
        setTimer(HEADER);
    }

    @Override
    public void dataReceived(ByteBuf data) {
        if (closing || stopped) {
            return;
        }
        inRead = true;
        try {
            consume(data);
        } finally {
            inRead = false;
        }
        if (out != null && !closing) {
            flushOut(); // the answers of direct handlers to everything this read held leave in one write
        }
        updateTimer(true);
    }

    private void consume(ByteBuf data) {
        if (pending == null) {
            process(data);
            if (data.isReadable() && !closing && !stopped) {
                pending = Buffers.allocator().directBuffer(Math.max(data.readableBytes(), 256));
                pending.writeBytes(data);
            }
        } else {
            if (pending.refCnt() == 1 && pending.readerIndex() > 0) {
                pending.discardReadBytes(); // no body slice shares it: moving bytes is safe
            }
            pending.writeBytes(data);
            processPending();
        }
    }

    private void processPending() {
        process(pending);
        if (pending != null && (!pending.isReadable() || closing || stopped)) {
            pending.release();
            pending = null;
        }
    }

    /**
     * Parses what {@code in} holds, stopping at a request boundary when the pipeline is full, when draining, or while
     * the client does not read its answers (requests already read but not parsed wait: answering them all could
     * buffer one read's worth of requests times the size of an answer).
     */
    private void process(ByteBuf in) {
        try {
            while (!closing && !stopped) {
                if (parser.atMessageStart()) {
                    if (out != null
                            && transport.writeBufferSize() + out.readableBytes() > transport.writeBufferHigh()) {
                        // a direct handler's answers to this read, with what the transport still holds, are over
                        // the mark: hand them over so the write side pauses now, one answer past the mark at most
                        flushOut();
                    }
                    boolean pipelineFull = queued > service.options().limits().pipeline();
                    if (draining || writingPaused || pipelineFull) {
                        pipelinePaused = pipelineFull && !draining;
                        transport.pauseReading();
                        return;
                    }
                    if (!in.isReadable()) {
                        return;
                    }
                }
                switch (parser.parse(in)) {
                    case RequestParser.NEED_MORE -> {
                        return;
                    }
                    case RequestParser.HEAD -> onHead();
                    case RequestParser.CONTENT -> onContent(parser.takeContent());
                    default -> onEnd();
                }
            }
        } catch (HttpException e) {
            onBadRequest(e);
        }
    }

    private void onHead() {
        var request = new ServerRequest(this, parser.method(), parser.target(), parser.version(), parser.headers(),
                parser.contentLength(), parser.keepAlive(), parser.expectContinue(), loop.time());
        enqueue(request);
        reading = request;
        if (!direct) {
            request.task = loop.createTask(request);
        } else if (request.hasBody) {
            request.body(); // collected whole (sending 100 Continue if asked); the handler runs at its end
        }
    }

    private void onContent(ByteBuf piece) {
        if (reading.onContent(piece, service.options().limits().readBuffer()) && !bodyPaused) {
            bodyPaused = true;
            transport.pauseReading();
        }
    }

    private void onEnd() {
        ServerRequest r = reading;
        reading = null;
        r.onEnd(parser.trailers());
        if (direct && r.response == null) {
            run(r);
        }
    }

    /**
     * Bad input (or a timeout, or an early end of stream): the request being read, if its answer is not out yet,
     * gets the error as its answer; otherwise an error answer is queued after the others. Then the connection
     * closes.
     */
    private void onBadRequest(HttpException e) {
        service.options().metrics().errorOccurred();
        stopped = true;
        transport.pauseReading();
        ServerRequest r = reading;
        reading = null;
        if (r != null) {
            r.fail(e);
            if (isQueued(r)) {
                r.closeAfter = true;
                if (r.response == null) {
                    r.bodyError = e;
                    if (r.task == null) {
                        respond(r, errorResponse(e)); // a direct handler, which runs only after the whole body
                    }
                }
            } else {
                closeAfterFlush(); // its answer went out already; the rest of its body is garbage
            }
            return;
        }
        var error = new ServerRequest(this, "-", "-", HttpVersion.HTTP_1_1, new io.corio.servers.http.HttpHeaders(),
                0, false, false, loop.time());
        error.response = errorResponse(e);
        error.closeAfter = true;
        enqueue(error);
        pump();
    }

    /** A handler asked for the body: send 100 Continue when expected, and read again. */
    void bodyWanted(ServerRequest r) {
        if (r.expectContinue && !r.continueSent && !r.bodyEnded() && !closing) {
            if (r == head && !r.sending && r.response == null) {
                flushOut();
                transport.write(Buffers.copyOf(ResponseEncoder.CONTINUE));
                r.continueSent = true;
                updateTimer(true);
            } else {
                r.continueWanted = true;
            }
        }
        bodyConsumed(r);
    }

    /** The handler took body bytes: read again once it is below the read-ahead limit. */
    void bodyConsumed(ServerRequest r) {
        if (bodyPaused && r.buffered() <= service.options().limits().readBuffer()) {
            bodyPaused = false;
            resumeReading();
            updateTimer(true);
        }
    }

    private void resumeReading() {
        if (!closing && !stopped && !bodyPaused && !pipelinePaused && !draining && !writingPaused) {
            transport.resumeReading();
        }
    }

    @Override
    public boolean eofReceived() {
        // The client will send nothing more: answer what was read, then close (a half-close is not a request).
        if (closing) {
            return false;
        }
        peerEof = true;
        if (reading != null || (pending != null && pending.isReadable()) || !parser.atMessageStart()) {
            onBadRequest(new HttpException(HttpStatus.BAD_REQUEST, "connection closed in the middle of a request"));
            return !closing;
        }
        stopped = true;
        if (queued == 0) {
            return false;
        }
        draining = true;
        return true;
    }

    // ---------------------------------------------------------------------------------- the exchange

    /** The handler's coroutine for {@code r}. */
    void run(ServerRequest r) {
        HttpResponse response;
        try {
            response = service.handler().handle(r);
            if (response == null) {
                throw new IllegalStateException("the handler returned null for " + r.method() + " " + r.target());
            }
        } catch (HttpException e) {
            response = errorResponse(e);
        } catch (Throwable t) {
            if (closing) {
                return; // the connection went away under the handler (its task was cancelled): nobody to answer
            }
            service.options().metrics().errorOccurred();
            loop.callExceptionHandler(ErrorContext.of("HTTP handler failed on " + r.method() + " " + r.target(),
                    t, service.handler(), transport, this));
            response = HttpResponse.text(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error\n");
            if (!r.bodyEnded()) {
                r.closeAfter = true;
            }
        }
        respond(r, response);
    }

    private void respond(ServerRequest r, HttpResponse response) {
        if (closing) {
            response.release();
            return;
        }
        if (r.bodyError != null) {
            response.release();
            response = errorResponse(r.bodyError);
            r.closeAfter = true;
        }
        r.response = response;
        if (!streams(r)) {
            pump();
            return;
        }
        if (r.task == null) { // a direct handler: its body is written by a coroutine of its own
            r.task = loop.createTask(() -> {
                sendStreamed(r, r.response);
                return null;
            });
            return;
        }
        sendStreamed(r, response);
    }

    /** In {@code r}'s coroutine: waits for its turn, then writes head and body with flow control. */
    private void sendStreamed(ServerRequest r, HttpResponse response) {
        if (closing) {
            response.release();
            return;
        }
        if (r != head) {
            r.turn = loop.createFuture();
            r.turn.await();
            if (closing) {
                response.release();
                return;
            }
        }
        r.sending = true;
        try {
            Streaming.send(this, r);
        } catch (Throwable t) {
            response.release();
            if (!closing && !(t instanceof ClosedResourceException)) {
                loop.callExceptionHandler(ErrorContext.of("HTTP response body failed on " + r.method() + " "
                        + r.target(), t, response, transport, this));
            }
            abort();
            return;
        }
        response.release();
        finish(r);
        pump();
    }

    /** Whether the response's body is written by the request's task (a stream or a file), not in one piece. */
    private static boolean streams(ServerRequest r) {
        HttpResponse.BodyKind kind = r.response.bodyKind();
        return (kind == HttpResponse.BodyKind.STREAM || kind == HttpResponse.BodyKind.FILE) && !r.headMethod
                && !HttpStatus.bodyless(r.response.status());
    }

    /** Writes every response that is ready, in order, up to the first one still being produced. */
    private void pump() {
        while (head != null && head.response != null && !head.sending && !closing) {
            ServerRequest r = head;
            if (streams(r)) {
                if (r.turn != null && !r.turn.isDone()) {
                    r.turn.setResult(null);
                }
                break;
            }
            encodeWhole(r);
            r.response.release();
            finish(r);
        }
        if (head != null && head.continueWanted && !head.continueSent && head.response == null && !closing) {
            out().writeBytes(ResponseEncoder.CONTINUE);
            head.continueSent = true;
            updateTimer(true);
        }
        if (out != null) {
            if (queued > 0 && !closing) {
                scheduleFlush();
            } else if (!inRead) {
                flushOut();
            }
        }
    }

    /** Encodes a response whose body is known in full (or not sent: HEAD, 204, 304) into the output buffer. */
    private void encodeWhole(ServerRequest r) {
        HttpResponse response = r.response;
        boolean bodyless = HttpStatus.bodyless(response.status());
        boolean close = decideClose(r, false);
        long length = bodyless ? -1 : response.bodyLength();
        boolean chunked = length < 0 && !bodyless && r.version() == HttpVersion.HTTP_1_1;
        ByteBuf o = out();
        service.encoder().head(o, response, length, chunked, close, keepAliveHeader(r, close));
        if (r.headMethod || bodyless) {
            return;
        }
        switch (response.bodyKind()) {
            case TEXT -> o.writeCharSequence(response.bodyText(), java.nio.charset.StandardCharsets.UTF_8);
            case BYTES -> o.writeBytes(response.bodyBytes());
            case BUFFER -> {
                ByteBuf body = response.bodyBuffer();
                if (body.readableBytes() <= 8192) {
                    o.writeBytes(body, body.readerIndex(), body.readableBytes());
                } else {
                    flushOut();
                    transport.write(body.retainedDuplicate());
                }
            }
            default -> {
            }
        }
        r.bytesSent = length;
    }

    /** Whether the connection closes after {@code r}'s response; fixes {@code r.closeAfter}. */
    boolean decideClose(ServerRequest r, boolean closeDelimited) {
        boolean close = r.closeAfter || !r.keepAlive || closeDelimited || (draining && r.next == null)
                || (!r.bodyEnded() && r.expectContinue && !r.continueSent);
        r.closeAfter = close;
        return close;
    }

    static boolean keepAliveHeader(ServerRequest r, boolean close) {
        return !close && r.version() == HttpVersion.HTTP_1_0;
    }

    /** {@code r}'s response is out: dequeue it, drop the rest of its body, then close or read on. */
    void finish(ServerRequest r) {
        head = r.next;
        if (head == null) {
            tail = null;
        }
        r.next = null;
        queued--;
        service.logAccess(r);
        r.discard(); // unread pieces are released; the rest of the body is dropped as it arrives
        if (r.closeAfter) {
            closeAfterFlush();
            return;
        }
        if (bodyPaused && reading == r) {
            bodyPaused = false;
            resumeReading();
        }
        if (pipelinePaused && queued <= service.options().limits().pipeline()) {
            pipelinePaused = false;
            resumeReading();
            if (pending != null) {
                loop.callSoon(this::resumeParsing);
            }
        }
        if (draining && queued == 0 && reading == null) {
            closeAfterFlush();
            return;
        }
        updateTimer(false);
    }

    private void resumeParsing() {
        if (pending != null && !closing && !stopped) {
            inRead = true;
            try {
                processPending();
            } finally {
                inRead = false;
            }
            if (out != null && !closing) {
                flushOut();
            }
            updateTimer(true);
        }
    }

    private void enqueue(ServerRequest r) {
        if (tail == null) {
            head = r;
        } else {
            tail.next = r;
        }
        tail = r;
        queued++;
    }

    private boolean isQueued(ServerRequest r) {
        for (ServerRequest q = head; q != null; q = q.next) {
            if (q == r) {
                return true;
            }
        }
        return false;
    }

    static HttpResponse errorResponse(HttpException e) {
        return HttpResponse.text(e.status(), e.getMessage() + "\n");
    }

    // ----------------------------------------------------------------------------------- writing

    ByteBuf out() {
        if (out == null) {
            out = Buffers.allocator().directBuffer(512);
        }
        return out;
    }

    void flushOut() {
        if (out != null) {
            ByteBuf o = out;
            out = null;
            transport.write(o);
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            loop.callSoon(() -> {
                flushScheduled = false;
                if (!closing) {
                    flushOut();
                }
            });
        }
    }

    Transport transport() {
        return transport;
    }

    boolean isClosing() {
        return closing;
    }

    /** Awaits (in a coroutine) until the transport is below its high-water mark. */
    void awaitWritable() {
        while (writingPaused && !closing) {
            if (writable == null) {
                writable = loop.createFuture();
            }
            writable.await();
        }
        if (closing && transport.isClosing()) {
            throw new ClosedResourceException("the HTTP connection is closed");
        }
    }

    /**
     * The client is not reading its responses fast enough: stop reading its requests too, so that a client that
     * pipelines without reading cannot make the server buffer answers without bound.
     */
    @Override
    public void pauseWriting() {
        writingPaused = true;
        if (!closing) {
            transport.pauseReading();
        }
        updateTimer(false);
    }

    @Override
    public void resumeWriting() {
        writingPaused = false;
        updateTimer(true);
        wakeWriters();
        resumeReading();
        if (pending != null && !closing) {
            loop.callSoon(this::resumeParsing);
        }
    }

    private void wakeWriters() {
        if (writable != null) {
            Future<Void> w = writable;
            writable = null;
            if (!w.isDone()) {   // cancelled with the task that awaited it
                w.setResult(null);
            }
        }
    }

    // ------------------------------------------------------------------------------ closing, draining

    /** Stops reading new requests; answers those read (the last with {@code Connection: close}), then closes. */
    void startDrain() {
        draining = true;
        if (queued == 0 && reading == null) {
            closeAfterFlush();
        } else if (parser.atMessageStart()) {
            transport.pauseReading();
        }
    }

    void abort() {
        closing = true;
        if (transport != null) {
            transport.abort();
        }
    }

    /**
     * Closes once the output is flushed. After bad input the client may still be sending: closing a socket with
     * unread bytes makes the kernel reset it, and the client could lose the error response. So then the write side
     * is shut first and what still arrives is read and dropped for up to two seconds (a lingering close).
     */
    private void closeAfterFlush() {
        flushOut();
        closing = true;
        updateTimer(false);   // none, unless the client is not reading what is left to send
        if (stopped && !peerEof && transport.canWriteEof() && !transport.isClosing()) {
            transport.writeEof();
            transport.resumeReading();
            Transport t = transport;
            loop.callLater(LINGER, t::close);
        } else {
            transport.close();
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        closing = true;
        service.connectionSet().remove(this);
        deadline.cancel();
        if (pending != null) {
            pending.release();
            pending = null;
        }
        if (out != null) {
            out.release();
            out = null;
        }
        var lost = new ClosedResourceException("the HTTP connection was closed");
        if (reading != null) {
            reading.fail(lost);
            reading = null;
        }
        for (ServerRequest r = head; r != null; r = r.next) {
            r.fail(lost);
            if (r.task != null && !r.task.isDone()) {
                r.task.cancel();
            }
            if (r.response != null && !r.sending) {
                r.response.release();
            }
        }
        head = null;
        tail = null;
        queued = 0;
        wakeWriters();
    }

    // ------------------------------------------------------------------------------------- timeouts

    /**
     * Chooses the timeout that applies now; {@code progress} renews the body deadline (bytes arrived) and the send
     * deadline (the client read enough of its answers to bring the transport under its low-water mark).
     */
    private void updateTimer(boolean progress) {
        int kind;
        if (writingPaused || closing && transport.writeBufferSize() > 0) {
            kind = SEND;   // answers wait for the client to read them
        } else if (closing || stopped) {
            kind = NONE;
        } else if (reading != null && parser.inBody() && !bodyPaused
                && !(reading.expectContinue && !reading.continueSent)) {
            kind = BODY;
        } else if (queued > 0) {
            kind = NONE;
        } else if (pending != null && pending.isReadable() || !parser.atMessageStart()) {
            kind = HEADER;
        } else {
            kind = IDLE;
        }
        if (kind != deadline.kind() || (progress && (kind == BODY || kind == SEND))) {
            setTimer(kind);
        }
    }

    private void setTimer(int kind) {
        deadline.set(kind, switch (kind) {
            case IDLE, SEND -> service.idleNanos();
            case HEADER -> service.headerNanos();
            case BODY -> service.bodyNanos();
            default -> 0;
        });
    }

    private void timedOut(int kind) {
        if (kind == SEND) {
            abort();   // what is queued will never be read: do not wait to flush it
            return;
        }
        if (closing) {
            return;
        }
        switch (kind) {
            case IDLE -> closeAfterFlush();
            case HEADER -> {
                if ((pending != null && pending.isReadable()) || !parser.atMessageStart()) {
                    onBadRequest(new HttpException(HttpStatus.REQUEST_TIMEOUT, "request head not received within "
                            + java.time.Duration.ofNanos(service.headerNanos())));
                } else {
                    closeAfterFlush();
                }
            }
            default -> onBadRequest(new HttpException(HttpStatus.REQUEST_TIMEOUT, "request body stalled for "
                    + java.time.Duration.ofNanos(service.bodyNanos())));
        }
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("HttpConnection[queued=").append(queued);
        if (reading != null) {
            sb.append(", reading body");
        }
        if (draining) {
            sb.append(", draining");
        }
        if (closing) {
            sb.append(", closing");
        }
        return sb.append(']').toString();
    }
}
