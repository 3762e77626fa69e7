package io.corio.protocols.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.protocols.IncompleteReadException;
import io.corio.protocols.LimitOverrunException;
import io.corio.protocols.StreamReader;
import io.corio.protocols.StreamWriter;
import io.corio.transports.Buffers;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The protocol under a stream reader/writer pair, and the reader itself (asyncio's {@code StreamReaderProtocol}
 * and {@code StreamReader} in one object, to keep idle connections small).
 *
 * <p>The transport reads straight into the accumulation buffer ({@link BufferedProtocol}); transports that call
 * {@code dataReceived} instead hand over their buffer when nothing is buffered. The buffer exists only while bytes
 * are buffered. The one pending read is kept as fields ({@code op}, {@code opCount}, {@code opSeparator}) and
 * evaluated when bytes, the end or an error arrive; its future completes only when the read can be answered, so
 * the waiting task is woken once per read, not once per chunk.
 */
public final class StreamProtocol implements BufferedProtocol, StreamReader {
    private static final byte NONE = 0;
    private static final byte READ = 1;      // read(n): 1..n bytes
    private static final byte READ_ALL = 2;  // read(-1)
    private static final byte EXACTLY = 3;
    private static final byte UNTIL = 4;
    private static final byte LINE = 5;
    private static final byte[] NEWLINE = {'\n'};
    private static final Object NOT_READY = new Object();
    private static final int MIN_READ = 512;
    private static final int FIRST_READ = 2048;

    private final int limit;
    private final StreamHandlerRunner handler; // null for client connections
    private Transport transport;
    private StreamWriterImpl writer;
    private ByteBuf buffer;                    // null while nothing is buffered
    private Future<Object> waiter;             // the pending read's future
    private byte[] opSeparator;
    private int opCount;
    private int scanned;                       // buffered bytes known not to start the separator
    private int readGuess = FIRST_READ;        // adaptive read size for getBuffer
    private int offered;                       // writable bytes offered by the last getBuffer
    private byte smallReads;                   // consecutive reads under a quarter of readGuess
    private byte op;
    private boolean eof;
    private boolean paused;                    // reading paused by this reader (not by someone else)
    private Throwable exception;

    public StreamProtocol(int limit, StreamHandlerRunner handler) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, got " + limit);
        }
        this.limit = limit;
        this.handler = handler;
    }

    public StreamWriter writer() {
        return writer;
    }

    Transport transport() {
        return transport;
    }

    EventLoop loop() {
        return transport.loop();
    }

    /** After {@code startTls}: the TLS transport replaces the raw one. */
    void replaceTransport(Transport tls) {
        this.transport = tls;
    }

    // ------------------------------------------------------------------------------------------- protocol

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        this.writer = new StreamWriterImpl(this);
        if (handler != null) {
            handler.start(this, writer);
        }
    }

    @Override
    public ByteBuf getBuffer(int sizeHint) {
        int want = Math.max(MIN_READ, Math.min(sizeHint, readGuess));
        if (buffer == null || buffer.writableBytes() < Math.min(want, MIN_READ * 2)) {
            buffer = Cumulation.writable(buffer, want, Buffers.allocator());
        }
        offered = buffer.writableBytes();
        return buffer;
    }

    /**
     * Grows the read size after a read that filled the buffer, and shrinks it only after two small reads in a row
     * (as Netty's adaptive allocator does): the short tail read that follows a full one must not undo the growth,
     * or a 10 KiB message keeps arriving as 8 KiB + 2 KiB, two reads and two wake-ups.
     */
    @Override
    public void bufferUpdated(int n) {
        if (n >= offered) {
            readGuess = Math.min(readGuess << 1, 1 << 20);
            smallReads = 0;
        } else if (n < readGuess >> 2 && readGuess > MIN_READ) {
            if (++smallReads >= 2) {
                readGuess >>= 1;
                smallReads = 0;
            }
        } else {
            smallReads = 0;
        }
        received();
    }

    /** The size the next {@link #getBuffer} aims for; for tests. */
    int readGuess() {
        return readGuess;
    }

    @Override
    public void dataReceived(ByteBuf data) {
        buffer = Cumulation.append(buffer, data, Buffers.allocator());
        received();
    }

    private void received() {
        if (waiter != null) {
            wake();
        }
        if (!paused && buffer != null && buffer.readableBytes() > limit && (waiter == null || waiter.isDone())) {
            paused = true;
            transport.pauseReading();
        }
    }

    @Override
    public boolean eofReceived() {
        eof = true;
        wake();
        return true; // keep the write side open: the writer closes it (TLS ignores this and closes)
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (cause != null) {
            exception = cause;
            buffer = Cumulation.release(buffer); // reads fail from now on; nobody can reach these bytes
        } else {
            eof = true;
            if (buffer != null) {
                // Unread bytes stay readable, but in a heap copy: a pooled buffer must not depend on someone
                // reading a dead connection to the end to go back to its pool.
                ByteBuf pooled = buffer;
                buffer = Unpooled.copiedBuffer(pooled);
                pooled.release();
            }
        }
        wake();
        writer.connectionLost(cause);
    }

    @Override
    public void pauseWriting() {
        writer.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        writer.resumeWriting();
    }

    /** The handler returned: drop unread bytes, nothing will read them. */
    void discard() {
        eof = true;
        buffer = Cumulation.release(buffer);
        if (waiter != null && !waiter.isDone()) {
            waiter.cancel("the stream handler returned");
        }
        waiter = null;
        op = NONE;
    }

    // -------------------------------------------------------------------------------------------- reading

    @Override
    public Future<ByteBuf> read(int n) {
        if (n < -1) {
            throw new IllegalArgumentException("n must be >= -1, got " + n);
        }
        return n == -1 ? begin(READ_ALL, 0, null) : begin(READ, n, null);
    }

    @Override
    public Future<ByteBuf> readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        return begin(EXACTLY, n, null);
    }

    @Override
    public Future<ByteBuf> readUntil(byte[] separator) {
        if (separator.length == 0) {
            throw new IllegalArgumentException("separator must not be empty");
        }
        return begin(UNTIL, 0, separator.clone());
    }

    @Override
    public Future<String> readLine() {
        return begin(LINE, 0, NEWLINE);
    }

    @Override
    public boolean atEof() {
        return (eof || exception != null) && buffered() == 0;
    }

    @Override
    public int buffered() {
        return buffer == null ? 0 : buffer.readableBytes();
    }

    @Override
    public int limit() {
        return limit;
    }

    @SuppressWarnings("unchecked")
    private <T> Future<T> begin(byte kind, int count, byte[] separator) {
        if (waiter != null) {
            if (!waiter.isDone()) {
                throw new InvalidStateException("a read is already waiting on " + this
                        + "; only one task may read from a stream at a time");
            }
            waiter = null; // cancelled: its bytes were left in the buffer
        }
        op = kind;
        opCount = count;
        opSeparator = separator;
        scanned = 0;
        Future<Object> future = loop().createFuture();
        Object result;
        try {
            result = attempt();
        } catch (Throwable e) {
            op = NONE;
            future.setException(e);
            return (Future<T>) future;
        }
        if (result == NOT_READY) {
            waiter = future;
            if (paused) {
                paused = false; // the read needs more bytes than are buffered: let them in
                transport.resumeReading();
            }
        } else {
            op = NONE;
            future.setResult(result);
        }
        return (Future<T>) future;
    }

    /** Answers the pending read if it can be answered now. */
    private void wake() {
        Future<Object> w = waiter;
        if (w == null) {
            return;
        }
        if (w.isDone()) { // cancelled while waiting: nothing was taken
            waiter = null;
            op = NONE;
            return;
        }
        Object result;
        try {
            result = attempt();
        } catch (Throwable e) {
            waiter = null;
            op = NONE;
            w.setException(e);
            return;
        }
        if (result != NOT_READY) {
            waiter = null;
            op = NONE;
            w.setResult(result);
        }
    }

    /** The pending read's result, taken from the buffer, or {@code NOT_READY}; throws what the read fails with. */
    private Object attempt() throws Throwable {
        if (exception != null) {
            throw exception;
        }
        int available = buffered();
        switch (op) {
            case READ -> {
                if (available > 0 || opCount == 0) {
                    return take(Math.min(opCount, available));
                }
                return eof ? Unpooled.EMPTY_BUFFER : NOT_READY;
            }
            case READ_ALL -> {
                return eof ? take(available) : NOT_READY;
            }
            case EXACTLY -> {
                if (available >= opCount) {
                    return take(opCount);
                }
                if (eof) {
                    throw incomplete(opCount);
                }
                return NOT_READY;
            }
            case UNTIL, LINE -> {
                return attemptSeparated();
            }
            default -> throw new InvalidStateException("no read pending on " + this);
        }
    }

    private Object attemptSeparated() {
        byte[] separator = opSeparator;
        int found = scan(separator);
        if (found > limit || (found < 0 && buffered() - separator.length + 1 > limit)) {
            int consumed = found >= 0 ? found : buffered() - separator.length + 1;
            if (op == LINE) {
                skip(found >= 0 ? found + 1 : buffered());
            }
            throw new LimitOverrunException((found >= 0 ? "separator found after " : "separator not found in ")
                    + consumed + " bytes, more than the limit " + limit, consumed, limit);
        }
        if (found >= 0) {
            return op == LINE ? takeLine(found, found + 1) : take(found + separator.length);
        }
        if (!eof) {
            return NOT_READY;
        }
        if (op == LINE) {
            int available = buffered();
            return available == 0 ? null : takeLine(available, available);
        }
        throw incomplete(-1);
    }

    /** Offset from the reader index of the first occurrence of {@code separator}, or -1; remembers progress. */
    private int scan(byte[] separator) {
        if (buffer == null) {
            return -1;
        }
        int start = buffer.readerIndex();
        int lastStart = buffer.writerIndex() - separator.length; // last index where a separator may begin
        int i = start + scanned;
        while (i <= lastStart) {
            int candidate = buffer.indexOf(i, lastStart + 1, separator[0]);
            if (candidate < 0) {
                i = lastStart + 1;
                break;
            }
            if (matchesAt(candidate, separator)) {
                return candidate - start;
            }
            i = candidate + 1;
        }
        scanned = Math.max(0, i - start);
        return -1;
    }

    private boolean matchesAt(int index, byte[] separator) {
        for (int k = 1; k < separator.length; k++) {
            if (buffer.getByte(index + k) != separator[k]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------- consuming

    private ByteBuf take(int n) {
        if (n == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf taken;
        if (n == buffer.readableBytes()) {
            taken = buffer; // hand the whole buffer over: no slice, and nothing left to keep
            buffer = null;
        } else {
            taken = buffer.readRetainedSlice(n);
        }
        consumed();
        return taken;
    }

    /** Decodes {@code length} bytes (minus a trailing '\r') as a line and consumes {@code consume} bytes. */
    private String takeLine(int length, int consume) {
        int end = buffer.readerIndex() + length;
        int textLength = length > 0 && buffer.getByte(end - 1) == '\r' ? length - 1 : length;
        String line = buffer.toString(buffer.readerIndex(), textLength, StandardCharsets.UTF_8);
        skip(consume);
        return line;
    }

    private void skip(int n) {
        buffer.skipBytes(n);
        consumed();
    }

    private IncompleteReadException incomplete(long expected) {
        byte[] partial = new byte[buffered()];
        if (buffer != null) {
            buffer.readBytes(partial);
        }
        consumed();
        return new IncompleteReadException(partial, expected);
    }

    private void consumed() {
        scanned = 0;
        buffer = Cumulation.releaseIfEmpty(buffer);
        if (paused && buffered() <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("StreamReader[buffered=").append(buffered());
        if (limit != DEFAULT_LIMIT) {
            sb.append(", limit=").append(limit);
        }
        if (waiter != null && !waiter.isDone()) {
            sb.append(", waiting");
        }
        if (paused) {
            sb.append(", paused");
        }
        if (eof) {
            sb.append(", eof");
        }
        if (exception != null) {
            sb.append(", exception=").append(exception);
        }
        return sb.append(']').toString();
    }
}
