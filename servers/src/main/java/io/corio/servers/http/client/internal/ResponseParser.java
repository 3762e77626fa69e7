package io.corio.servers.http.client.internal;

import io.corio.servers.http.client.HttpClientException;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.servers.http.client.HttpClientHeaders;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * An incremental HTTP/1.x response parser over the bytes of a {@link ByteBuf} (RFC 9112): pure, no loop, no
 * transport. Call {@link #start} before each response, then {@link #next} whenever bytes arrive, until it returns
 * {@link Event#NEED_MORE} (keep the unread bytes and call again with more) or {@link Event#END}; call
 * {@link #endOfInput()} when the connection reaches end of stream.
 *
 * <ul>
 * <li>1xx responses (100 Continue, 103 Early Hints) are skipped; 101 is a final response without a body.</li>
 * <li>No body after a HEAD request, nor for 204 and 304. Otherwise the body is chunked (trailers kept) when the
 *     last transfer coding is {@code chunked}, read until close for any other transfer coding, sized by
 *     {@code Content-Length} (repeated equal values allowed, different ones rejected), else read until close.</li>
 * <li>Lines may end in CRLF or a bare LF; obsolete line folding is replaced by a space (RFC 9112 §5.2).</li>
 * <li>Malformed input throws {@link HttpClientException} of kind {@code MALFORMED} naming what was wrong; a head
 *     (status line, fields) or trailer section over {@code maxHeadBytes} throws kind {@code TOO_LARGE}.</li>
 * </ul>
 */
public final class ResponseParser {
    /** What {@link #next} found. */
    public enum Event {
        /** The bytes given do not complete the next element: call again with more. */
        NEED_MORE,
        /** The status line and fields are parsed: read {@link #status()}, {@link #headers()} and so on. */
        HEAD,
        /** A piece of the body: {@link #body()} until the next call. */
        BODY,
        /** The response is complete ({@link #trailers()} hold a chunked body's trailer fields). */
        END
    }

    private enum State { STATUS_LINE, FIELDS, NO_BODY, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS,
        UNTIL_CLOSE, DONE }

    private static final int MAX_CHUNK_LINE = 4096;

    private final int maxHeadBytes;
    private State state = State.DONE;
    private boolean headRequest;
    private int headBytes;
    private long remaining;
    private long bodyBytes;
    private int minorVersion;
    private int status;
    private String reason;
    private HttpClientHeaders headers;
    private HttpClientHeaders trailers;
    private HttpClientHeaders section;
    private String pendingName;
    private String pendingValue;
    private ByteBuf body;
    private boolean reusable;
    private long declaredLength = -1;

    public ResponseParser(int maxHeadBytes) {
        if (maxHeadBytes <= 0) {
            throw new IllegalArgumentException("maxHeadBytes must be > 0, got " + maxHeadBytes);
        }
        this.maxHeadBytes = maxHeadBytes;
    }

    /** Prepares for the response to a new request; {@code headRequest} when that request's method is HEAD. */
    public void start(boolean headRequest) {
        this.headRequest = headRequest;
        state = State.STATUS_LINE;
        headBytes = 0;
        bodyBytes = 0;
        status = 0;
        reason = null;
        headers = null;
        trailers = null;
        body = null;
        reusable = false;
        declaredLength = -1;
        pendingName = null;
        pendingValue = null;
    }

    /**
     * Consumes bytes of {@code in} and reports the next element. After {@link Event#BODY}, {@link #body()} is a
     * slice of {@code in} valid until {@code in} changes.
     *
     * @throws HttpClientException (MALFORMED or TOO_LARGE) on bad input; the parser is then unusable until
     *                             {@link #start}
     */
    public Event next(ByteBuf in) {
        body = null;
        while (true) {
            switch (state) {
                case STATUS_LINE -> {
                    ByteBuf line = headLine(in);
                    if (line == null) {
                        return Event.NEED_MORE;
                    }
                    if (line.isReadable()) { // blank lines before a status line are tolerated (RFC 9112 §2.2)
                        statusLine(line);
                        headers = new HttpClientHeaders();
                        section = headers;
                        state = State.FIELDS;
                    }
                }
                case FIELDS -> {
                    ByteBuf line = headLine(in);
                    if (line == null) {
                        return Event.NEED_MORE;
                    }
                    if (line.isReadable()) {
                        field(line);
                        continue;
                    }
                    flushField();
                    if (status >= 100 && status < 200 && status != 101) {
                        state = State.STATUS_LINE; // an interim response: skip it, the final one follows
                        headBytes = 0;
                    } else {
                        framing();
                        return Event.HEAD;
                    }
                }
                case NO_BODY -> {
                    state = State.DONE;
                    return Event.END;
                }
                case FIXED, CHUNK_DATA -> {
                    if (!in.isReadable()) {
                        return Event.NEED_MORE;
                    }
                    int n = (int) Math.min(in.readableBytes(), remaining);
                    body = in.readSlice(n);
                    bodyBytes += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED ? State.NO_BODY : State.CHUNK_END;
                    }
                    return Event.BODY;
                }
                case CHUNK_SIZE -> {
                    ByteBuf line = line(in, MAX_CHUNK_LINE, "chunk size line");
                    if (line == null) {
                        return Event.NEED_MORE;
                    }
                    remaining = chunkSize(line);
                    if (remaining == 0) {
                        trailers = new HttpClientHeaders();
                        section = trailers;
                        headBytes = 0;
                        state = State.TRAILERS;
                    } else {
                        state = State.CHUNK_DATA;
                    }
                }
                case CHUNK_END -> {
                    if (!chunkEnd(in)) {
                        return Event.NEED_MORE;
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    ByteBuf line = headLine(in);
                    if (line == null) {
                        return Event.NEED_MORE;
                    }
                    if (!line.isReadable()) {
                        flushField();
                        state = State.DONE;
                        return Event.END;
                    }
                    field(line);
                }
                case UNTIL_CLOSE -> {
                    if (!in.isReadable()) {
                        return Event.NEED_MORE;
                    }
                    bodyBytes += in.readableBytes();
                    body = in.readSlice(in.readableBytes());
                    return Event.BODY;
                }
                case DONE -> {
                    return Event.END;
                }
            }
        }
    }

    /**
     * The connection reached end of stream. Returns {@link Event#END} when that completes the response (a body
     * read until close, or a response already complete).
     *
     * @throws HttpClientException of kind CLOSED when the response is incomplete, saying how far it got
     */
    public Event endOfInput() {
        switch (state) {
            case UNTIL_CLOSE, DONE -> {
                state = State.DONE;
                return Event.END;
            }
            case NO_BODY -> {
                state = State.DONE;
                return Event.END;
            }
            case STATUS_LINE -> throw closed("before the status line"
                    + (headBytes > 0 ? " was complete (" + headBytes + " bytes)" : ""), headBytes == 0);
            case FIELDS -> throw closed("in the header fields of a " + status + " response", false);
            case FIXED -> throw closed("after " + bodyBytes + " of " + (bodyBytes + remaining)
                    + " body bytes (Content-Length)", false);
            default -> throw closed("in a chunked body after " + bodyBytes + " bytes", false);
        }
    }

    private static HttpClientException closed(String where, boolean beforeResponse) {
        return new HttpClientException(Kind.CLOSED, null, "connection closed " + where, null, beforeResponse);
    }

    // ------------------------------------------------------------------------------------------- results

    public boolean isDone() {
        return state == State.DONE;
    }

    /** The status code of the current response (after HEAD). */
    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int minorVersion() {
        return minorVersion;
    }

    public HttpClientHeaders headers() {
        return headers;
    }

    /** The trailer fields of a chunked body (after END), or an empty container. */
    public HttpClientHeaders trailers() {
        return trailers == null ? new HttpClientHeaders() : trailers;
    }

    /** The body piece of the last {@link Event#BODY}. */
    public ByteBuf body() {
        return body;
    }

    /** The body length a {@code Content-Length} announced (after HEAD), or -1 when the body is framed otherwise. */
    public long declaredLength() {
        return declaredLength;
    }

    /** Body bytes seen so far in this response. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /**
     * True when the connection may carry another request after this response: HTTP/1.1 without
     * {@code Connection: close} (HTTP/1.0 with {@code keep-alive}), and a body not delimited by the close.
     */
    public boolean reusable() {
        return reusable;
    }

    // -------------------------------------------------------------------------------------------- parsing

    /** The next line of the head or trailers without its line end, or null if incomplete; enforces the limit. */
    private ByteBuf headLine(ByteBuf in) {
        int start = in.readerIndex();
        ByteBuf line = line(in, maxHeadBytes - headBytes, null);
        headBytes += in.readerIndex() - start;
        return line;
    }

    /** A line of at most {@code limit} bytes (line end included) as a slice, or null when incomplete. */
    private ByteBuf line(ByteBuf in, int limit, String what) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() >= limit) {
                throw tooLong(what);
            }
            return null;
        }
        int length = lf - start;
        if (length + 1 > limit) {
            throw tooLong(what);
        }
        if (length > 0 && in.getByte(lf - 1) == '\r') {
            length--;
        }
        ByteBuf line = in.slice(start, length);
        in.readerIndex(lf + 1);
        return line;
    }

    private HttpClientException tooLong(String what) {
        if (what != null) {
            return malformed(what + " longer than " + MAX_CHUNK_LINE + " bytes");
        }
        String section = state == State.TRAILERS ? "trailer section" : "response head";
        return new HttpClientException(Kind.TOO_LARGE, null, section + " larger than " + maxHeadBytes + " bytes",
                null);
    }

    private void statusLine(ByteBuf line) {
        int n = line.readableBytes();
        int r = line.readerIndex();
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (n < 12 || line.getByte(r) != 'H' || line.getByte(r + 1) != 'T' || line.getByte(r + 2) != 'T'
                || line.getByte(r + 3) != 'P' || line.getByte(r + 4) != '/' || line.getByte(r + 5) != '1'
                || line.getByte(r + 6) != '.' || line.getByte(r + 8) != ' ') {
            throw malformed("bad status line " + show(line));
        }
        int minor = line.getByte(r + 7) - '0';
        if (minor != 0 && minor != 1) {
            throw malformed("unsupported HTTP version in status line " + show(line));
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int d = line.getByte(r + i) - '0';
            if (d < 0 || d > 9) {
                throw malformed("bad status code in status line " + show(line));
            }
            code = code * 10 + d;
        }
        if (code < 100) {
            throw malformed("status code " + code + " out of range in " + show(line));
        }
        if (n > 12 && line.getByte(r + 12) != ' ') {
            throw malformed("bad status line " + show(line));
        }
        minorVersion = minor;
        status = code;
        reason = n > 13 ? line.toString(r + 13, n - 13, StandardCharsets.ISO_8859_1) : "";
    }

    private void field(ByteBuf line) {
        int r = line.readerIndex();
        int n = line.readableBytes();
        byte first = line.getByte(r);
        if (first == ' ' || first == '\t') { // obs-fold: continues the previous field's value
            if (pendingName == null) {
                throw malformed("continuation line before any field: " + show(line));
            }
            pendingValue = pendingValue + " " + trimmedValue(line, r, r + n);
            return;
        }
        flushField();
        int colon = -1;
        for (int i = 0; i < n; i++) {
            byte b = line.getByte(r + i);
            if (b == ':') {
                colon = i;
                break;
            }
            if (!HttpClientHeaders.isTokenChar(b & 0xff)) {
                throw malformed("bad character in field name of " + show(line));
            }
        }
        if (colon <= 0) {
            throw malformed((colon == 0 ? "empty field name in " : "field without a colon: ") + show(line));
        }
        pendingName = line.toString(r, colon, StandardCharsets.US_ASCII);
        pendingValue = trimmedValue(line, r + colon + 1, r + n);
    }

    /** Adds the field read last (kept back in case a folded line continues it) to its section. */
    private void flushField() {
        if (pendingName != null) {
            section.add(pendingName, pendingValue);
            pendingName = null;
            pendingValue = null;
        }
    }

    private String trimmedValue(ByteBuf line, int from, int to) {
        while (from < to && isBlank(line.getByte(from))) {
            from++;
        }
        while (to > from && isBlank(line.getByte(to - 1))) {
            to--;
        }
        for (int i = from; i < to; i++) {
            byte b = line.getByte(i);
            if (b == 0 || b == '\r' || b == '\n') {
                throw malformed("CR, LF or NUL inside a field value: " + show(line));
            }
        }
        return line.toString(from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** Chooses how the body is delimited (RFC 9112 §6.3) and whether the connection can be reused. */
    private void framing() {
        boolean persistent = minorVersion == 1 ? !headers.containsToken("Connection", "close")
                : headers.containsToken("Connection", "keep-alive");
        reusable = persistent;
        if (headRequest || status == 204 || status == 304 || status == 101) {
            reusable = persistent && status != 101;
            state = State.NO_BODY;
            return;
        }
        String coding = headers.lastToken("Transfer-Encoding");
        if (coding != null) {
            if (coding.equalsIgnoreCase("chunked")) {
                state = State.CHUNK_SIZE;
                reusable = persistent && !headers.contains("Content-Length");
            } else {
                state = State.UNTIL_CLOSE;
                reusable = false;
            }
            return;
        }
        long length = contentLength();
        if (length < 0) {
            state = State.UNTIL_CLOSE;
            reusable = false;
        } else {
            remaining = length;
            declaredLength = length;
            state = length == 0 ? State.NO_BODY : State.FIXED;
        }
    }

    /** The Content-Length, -1 if absent; every value (repeated fields, lists) must be the same number. */
    private long contentLength() {
        long length = -1;
        for (String value : headers.getAll("Content-Length")) {
            for (String part : value.split(",", -1)) {
                long v = parseLength(part.strip());
                if (length >= 0 && v != length) {
                    throw malformed("conflicting Content-Length values " + headers.getAll("Content-Length"));
                }
                length = v;
            }
        }
        return length;
    }

    private static long parseLength(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw malformed("bad Content-Length " + quote(s));
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed("bad Content-Length " + quote(s));
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static long chunkSize(ByteBuf line) {
        int r = line.readerIndex();
        int n = line.readableBytes();
        long size = 0;
        int digits = 0;
        int i = 0;
        for (; i < n; i++) {
            int d = Character.digit(line.getByte(r + i), 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw malformed("chunk size too large: " + show(line));
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            throw malformed("bad chunk size line " + show(line));
        }
        while (i < n && isBlank(line.getByte(r + i))) {
            i++;
        }
        if (i < n && line.getByte(r + i) != ';') {
            throw malformed("bad chunk size line " + show(line));
        }
        return size;
    }

    /** Consumes the line end after chunk data; false when more bytes are needed. */
    private static boolean chunkEnd(ByteBuf in) {
        if (!in.isReadable()) {
            return false;
        }
        byte b = in.getByte(in.readerIndex());
        if (b == '\n') {
            in.skipBytes(1);
            return true;
        }
        if (b != '\r') {
            throw malformed("chunk data longer than its size (no CRLF after it)");
        }
        if (in.readableBytes() < 2) {
            return false;
        }
        if (in.getByte(in.readerIndex() + 1) != '\n') {
            throw malformed("chunk data longer than its size (no CRLF after it)");
        }
        in.skipBytes(2);
        return true;
    }

    private static HttpClientException malformed(String message) {
        return new HttpClientException(Kind.MALFORMED, null, "malformed response: " + message, null);
    }

    /** A line for an error message: printable ASCII, others escaped, at most 80 characters. */
    private static String show(ByteBuf line) {
        var sb = new StringBuilder("\"");
        int n = Math.min(line.readableBytes(), 80);
        for (int i = 0; i < n; i++) {
            int b = line.getByte(line.readerIndex() + i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        if (line.readableBytes() > n) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    @Override
    public String toString() {
        return "ResponseParser[" + state + (status > 0 ? ", status=" + status : "") + ", body=" + bodyBytes + "]";
    }
}
