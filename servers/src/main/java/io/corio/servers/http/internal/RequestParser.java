package io.corio.servers.http.internal;

import io.corio.servers.config.ListenerLimits;
import io.corio.servers.http.HttpException;
import io.corio.servers.http.HttpHeaders;
import io.corio.servers.http.HttpStatus;
import io.corio.servers.http.HttpVersion;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * The incremental HTTP/1.1 request parser (RFC 9112), pure: no loop, no transport. Feed it the bytes received so
 * far; each {@link #parse} call consumes what it can and reports one event:
 *
 * <pre>
 *   HEAD ──► CONTENT* ──► END ──► HEAD ...      (NEED_MORE whenever the bytes run out)
 * </pre>
 *
 * Bytes of an incomplete line stay unread in the buffer: the caller keeps them and calls again with more appended.
 * Bad input throws {@link HttpException} with the status to answer (400, 413, 414, 417, 431, 501, 505); the
 * connection must close afterwards, since the framing of what follows is unknown. Lines are copied into a
 * per-thread scratch array and parsed there: no regex, no splitting, one {@code String} per field value.
 *
 * <p>Strictness (request smuggling defences): {@code Content-Length} with {@code Transfer-Encoding}, differing
 * {@code Content-Length} values, a {@code Transfer-Encoding} not ending in {@code chunked}, chunked in HTTP/1.0,
 * malformed chunk sizes, obsolete line folding, whitespace before the colon, control characters, bare CR and bare
 * LF are all rejected with 400. Every line ends with CRLF: RFC 9112 section 2.2 lets a recipient accept a bare LF,
 * but a server that does while a proxy in front of it does not can be made to see a header the proxy never saw
 * (CVE-2023-30589 in Node's llhttp), so Corio does not.
 */
public final class RequestParser {
    /** More bytes are needed; everything readable that could be used was consumed. */
    public static final int NEED_MORE = 0;
    /** A request head was parsed: read it with the accessors. */
    public static final int HEAD = 1;
    /** A piece of the body is ready: {@link #takeContent()}. */
    public static final int CONTENT = 2;
    /** The request ended (after its body and trailers); the next call starts the next request. */
    public static final int END = 3;

    private static final int START = 0;
    private static final int HEADERS = 1;
    private static final int BODY = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_END = 5;
    private static final int TRAILERS = 6;

    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_EMPTY_LINES = 4;
    private static final long HUGE = Long.MAX_VALUE;
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[512]});

    private final int requestLineLimit;
    private final int headerBytesLimit;
    private final int headerCountLimit;
    private final long bodyLimit;

    private int state = START;
    private int emptyLines;
    private int headerBytes;
    private int headerCount;
    private String method;
    private String target;
    private HttpVersion version;
    private HttpHeaders headers;
    private HttpHeaders trailers;
    private long contentLength;
    private int hosts;
    private int codings;
    private int chunkedCodings;
    private boolean lastCodingChunked;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean expectContinue;
    private String badExpectation;
    private boolean hasLength;
    private boolean hasTransferEncoding;
    private long remaining;
    private long bodyBytes;
    private ByteBuf content;

    public RequestParser(ListenerLimits limits) {
        this(limits.requestLine(), limits.headerBytes(), limits.headerCount(), limits.bodySize());
    }

    public RequestParser(int requestLineLimit, int headerBytesLimit, int headerCountLimit, long bodyLimit) {
        this.requestLineLimit = requestLineLimit;
        this.headerBytesLimit = headerBytesLimit;
        this.headerCountLimit = headerCountLimit;
        this.bodyLimit = bodyLimit;
    }

    /**
     * Consumes bytes of {@code in} (moving its reader index) and returns {@link #NEED_MORE}, {@link #HEAD},
     * {@link #CONTENT} or {@link #END}.
     *
     * @throws HttpException for bad input, carrying the status to answer
     */
    public int parse(ByteBuf in) {
        for (;;) {
            switch (state) {
                case START -> {
                    if (!requestLine(in)) {
                        return NEED_MORE;
                    }
                }
                case HEADERS -> {
                    int r = fieldLine(in, false);
                    if (r == NEED_MORE) {
                        return NEED_MORE;
                    }
                    if (r == END) {
                        finishHead();
                        return HEAD;
                    }
                }
                case BODY, CHUNK_DATA -> {
                    if (remaining == 0) {
                        if (state == BODY) {
                            return end();
                        }
                        state = CHUNK_END;
                        continue;
                    }
                    if (!in.isReadable()) {
                        return NEED_MORE;
                    }
                    int n = (int) Math.min(remaining, in.readableBytes());
                    content = in.readRetainedSlice(n);
                    remaining -= n;
                    return CONTENT;
                }
                case CHUNK_SIZE -> {
                    if (!chunkSizeLine(in)) {
                        return NEED_MORE;
                    }
                }
                case CHUNK_END -> {
                    if (!chunkEnd(in)) {
                        return NEED_MORE;
                    }
                }
                case TRAILERS -> {
                    int r = fieldLine(in, true);
                    if (r == NEED_MORE) {
                        return NEED_MORE;
                    }
                    if (r == END) {
                        return end();
                    }
                }
                default -> throw new IllegalStateException("parser state " + state);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    public String method() {
        return method;
    }

    public String target() {
        return target;
    }

    public HttpVersion version() {
        return version;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The declared {@code Content-Length}, 0 when there is none, -1 for a chunked body. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return contentLength < 0;
    }

    /** Whether the request has body bytes to come (chunked, or a length above 0). */
    public boolean hasBody() {
        return contentLength != 0;
    }

    /** Whether the client lets the connection stay open after this request (HTTP/1.1 default, 1.0 opt-in). */
    public boolean keepAlive() {
        if (connectionClose) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || connectionKeepAlive;
    }

    /** {@code Expect: 100-continue} on an HTTP/1.1 request. */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** The body piece of the last {@link #CONTENT} event; the caller owns it (a retained slice of the input). */
    public ByteBuf takeContent() {
        ByteBuf c = content;
        content = null;
        return c;
    }

    /** The trailer fields of the chunked body that just ended, or null when there were none. */
    public HttpHeaders trailers() {
        return trailers;
    }

    /** True between requests: no byte of the next request has been parsed yet. */
    public boolean atMessageStart() {
        return state == START;
    }

    /** True while the body of the current request is being read. */
    public boolean inBody() {
        return state >= BODY;
    }

    // ---------------------------------------------------------------------------------------- the head

    private boolean requestLine(ByteBuf in) {
        for (;;) {
            int start = in.readerIndex();
            int lf = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (in.readableBytes() - 1 > requestLineLimit) {
                    throw new HttpException(HttpStatus.URI_TOO_LONG, "request line longer than "
                            + requestLineLimit + " bytes");
                }
                return false;
            }
            int len = lineLength(in, start, lf);
            if (len > requestLineLimit) {   // before the line end's check, as when the line arrives in pieces
                throw new HttpException(HttpStatus.URI_TOO_LONG, "request line longer than " + requestLineLimit
                        + " bytes");
            }
            requireCrlf(in, start, lf);
            if (len == 0) {
                if (++emptyLines > MAX_EMPTY_LINES) {
                    throw new HttpException(HttpStatus.BAD_REQUEST, "too many empty lines before the request line");
                }
                in.readerIndex(lf + 1);
                continue;
            }
            byte[] b = scratch(len);
            in.getBytes(start, b, 0, len);
            in.readerIndex(lf + 1);
            startHead();
            parseRequestLine(b, len);
            state = HEADERS;
            return true;
        }
    }

    private void startHead() {
        emptyLines = 0;
        headerBytes = 0;
        headerCount = 0;
        headers = new HttpHeaders();
        trailers = null;
        contentLength = 0;
        hasLength = false;
        hasTransferEncoding = false;
        hosts = 0;
        codings = 0;
        chunkedCodings = 0;
        lastCodingChunked = false;
        connectionClose = false;
        connectionKeepAlive = false;
        expectContinue = false;
        badExpectation = null;
        bodyBytes = 0;
        remaining = 0;
    }

    private void parseRequestLine(byte[] b, int n) {
        int sp1 = indexOf(b, 0, n, (byte) ' ');
        if (sp1 <= 0) {
            throw bad("malformed request line (expected METHOD SP TARGET SP VERSION)");
        }
        for (int i = 0; i < sp1; i++) {
            if (!HttpHeaders.isTokenChar(b[i])) {
                throw bad("invalid character " + describe(b[i]) + " in the method");
            }
        }
        int sp2 = indexOf(b, sp1 + 1, n, (byte) ' ');
        if (sp2 < 0 || sp2 == sp1 + 1) {
            throw bad("malformed request line (expected METHOD SP TARGET SP VERSION)");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (b[i] < 0x21 || b[i] > 0x7e) {
                throw bad("invalid character " + describe(b[i]) + " in the request target");
            }
        }
        version = parseVersion(b, sp2 + 1, n);
        method = Names.method(b, sp1);
        target = sp2 - sp1 == 2 && b[sp1 + 1] == '/' ? "/" : new String(b, sp1 + 1, sp2 - sp1 - 1,
                StandardCharsets.ISO_8859_1);
    }

    private static HttpVersion parseVersion(byte[] b, int from, int n) {
        if (n - from == 8 && b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T' && b[from + 3] == 'P'
                && b[from + 4] == '/' && isDigit(b[from + 5]) && b[from + 6] == '.' && isDigit(b[from + 7])) {
            if (b[from + 5] == '1' && b[from + 7] == '1') {
                return HttpVersion.HTTP_1_1;
            }
            if (b[from + 5] == '1' && b[from + 7] == '0') {
                return HttpVersion.HTTP_1_0;
            }
            throw new HttpException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version "
                    + new String(b, from, 8, StandardCharsets.ISO_8859_1) + " is not supported");
        }
        throw bad("malformed HTTP version (expected HTTP/1.1 or HTTP/1.0)");
    }

    /** Parses one field line of the head or the trailers: NEED_MORE, HEAD (a field) or END (the empty line). */
    private int fieldLine(ByteBuf in, boolean trailer) {
        int start = in.readerIndex();
        int lf = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (headerBytes + in.readableBytes() > headerBytesLimit) {
                throw tooLarge(trailer);
            }
            return NEED_MORE;
        }
        headerBytes += lf - start + 1;
        if (headerBytes > headerBytesLimit) {
            throw tooLarge(trailer);
        }
        requireCrlf(in, start, lf);
        int len = lineLength(in, start, lf);
        if (len == 0) {
            in.readerIndex(lf + 1);
            return END;
        }
        if (++headerCount > headerCountLimit) {
            throw new HttpException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "more than " + headerCountLimit
                    + (trailer ? " trailer fields" : " header fields"));
        }
        byte[] b = scratch(len);
        in.getBytes(start, b, 0, len);
        in.readerIndex(lf + 1);
        parseField(b, len, trailer);
        return HEAD;
    }

    private void parseField(byte[] b, int n, boolean trailer) {
        if (b[0] == ' ' || b[0] == '\t') {
            throw bad("obsolete line folding (a field line starting with whitespace)");
        }
        int colon = 0;
        while (colon < n && b[colon] != ':') {
            if (!HttpHeaders.isTokenChar(b[colon])) {
                throw bad("invalid character " + describe(b[colon]) + " in a header name");
            }
            colon++;
        }
        if (colon == n || colon == 0) {
            throw bad(colon == 0 ? "empty header name" : "header line without a colon");
        }
        int vs = colon + 1;
        while (vs < n && (b[vs] == ' ' || b[vs] == '\t')) {
            vs++;
        }
        int ve = n;
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            int c = b[i] & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw bad("invalid character " + describe(b[i]) + " in the value of header "
                        + new String(b, 0, colon, StandardCharsets.ISO_8859_1));
            }
        }
        String name = Names.header(b, colon);
        String value = new String(b, vs, ve - vs, StandardCharsets.ISO_8859_1);
        if (trailer) {
            if (trailers == null) {
                trailers = new HttpHeaders();
            }
            trailers.add(name, value);
            return;
        }
        headers.add(name, value);
        if (name == Names.HOST) {
            hosts++;
        } else if (name == Names.CONTENT_LENGTH) {
            contentLength(value);
        } else if (name == Names.TRANSFER_ENCODING) {
            transferEncoding(value);
        } else if (name == Names.CONNECTION) {
            connectionClose |= Names.listContains(value, "close");
            connectionKeepAlive |= Names.listContains(value, "keep-alive");
        } else if (name == Names.EXPECT) {
            if (value.equalsIgnoreCase("100-continue")) {
                expectContinue = version == HttpVersion.HTTP_1_1;
            } else {
                badExpectation = value;
            }
        }
    }

    private void contentLength(String value) {
        long parsed = -1;
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            long v = 0;
            int digits = 0;
            while (i < n && isDigit(value.charAt(i))) {
                v = digits >= 18 ? HUGE : v * 10 + (value.charAt(i) - '0');
                digits++;
                i++;
            }
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (digits == 0 || (i < n && value.charAt(i) != ',')) {
                throw bad("invalid Content-Length \"" + value + "\"");
            }
            if (parsed >= 0 && v != parsed) {
                throw bad("conflicting Content-Length values \"" + value + "\"");
            }
            parsed = v;
            i++;
        }
        if (parsed < 0) {
            throw bad("empty Content-Length");
        }
        if (hasLength && contentLength != parsed) {
            throw bad("conflicting Content-Length values");
        }
        hasLength = true;
        contentLength = parsed;
    }

    private void transferEncoding(String value) {
        hasTransferEncoding = true;
        int i = 0;
        int n = value.length();
        while (i < n) {
            int comma = value.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            int s = i;
            int e = end;
            while (s < e && (value.charAt(s) == ' ' || value.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (value.charAt(e - 1) == ' ' || value.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e > s) {
                codings++;
                lastCodingChunked = e - s == 7 && value.regionMatches(true, s, "chunked", 0, 7);
                if (lastCodingChunked) {
                    chunkedCodings++;
                }
            }
            i = end + 1;
        }
    }

    private void finishHead() {
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) {
            throw bad("missing Host header (required in HTTP/1.1)");
        }
        if (hosts > 1) {
            throw bad("more than one Host header");
        }
        if (hasTransferEncoding) {
            if (version == HttpVersion.HTTP_1_0) {
                throw bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (hasLength) {
                throw bad("both Content-Length and Transfer-Encoding");
            }
            if (!lastCodingChunked || chunkedCodings > 1) {
                throw bad("Transfer-Encoding must end with a single chunked");
            }
            if (codings > 1) {
                throw new HttpException(HttpStatus.NOT_IMPLEMENTED, "transfer codings other than chunked are not "
                        + "supported: " + headers.get(Names.TRANSFER_ENCODING));
            }
        }
        if (badExpectation != null) {
            throw new HttpException(HttpStatus.EXPECTATION_FAILED, "unsupported expectation \"" + badExpectation
                    + "\" (only 100-continue is)");
        }
        if (hasTransferEncoding) {
            contentLength = -1;
            state = CHUNK_SIZE;
        } else {
            if (contentLength > bodyLimit) {
                throw new HttpException(HttpStatus.CONTENT_TOO_LARGE, "body of " + contentLength
                        + " bytes is larger than the limit of " + bodyLimit);
            }
            remaining = contentLength;
            state = BODY;
        }
    }

    // ---------------------------------------------------------------------------------------- the body

    private boolean chunkSizeLine(ByteBuf in) {
        int start = in.readerIndex();
        int lf = in.forEachByte(start, Math.min(in.readableBytes(), MAX_CHUNK_LINE + 1), ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() > MAX_CHUNK_LINE) {
                throw bad("chunk size line longer than " + MAX_CHUNK_LINE + " bytes");
            }
            return false;
        }
        if (lf == start || in.getByte(lf - 1) != '\r') {
            throw bad("chunk size line not ended by CRLF");
        }
        int end = lf - 1;
        int i = start;
        long size = 0;
        while (i < end && hex(in.getByte(i)) >= 0) {
            if (i - start >= 15) {
                throw bad("chunk size too large");
            }
            size = size * 16 + hex(in.getByte(i));
            i++;
        }
        if (i == start) {
            throw bad("invalid chunk size");
        }
        while (i < end && (in.getByte(i) == ' ' || in.getByte(i) == '\t')) {
            i++;
        }
        if (i < end) {
            if (in.getByte(i) != ';') {
                throw bad("invalid chunk size");
            }
            for (int j = i + 1; j < end; j++) {
                int c = in.getByte(j) & 0xff;
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw bad("invalid character " + describe((byte) c) + " in a chunk extension");
                }
            }
        }
        in.readerIndex(lf + 1);
        if (size == 0) {
            headerBytes = 0;
            headerCount = 0;
            state = TRAILERS;
            return true;
        }
        bodyBytes += size;
        if (bodyBytes > bodyLimit) {
            throw new HttpException(HttpStatus.CONTENT_TOO_LARGE, "chunked body larger than the limit of "
                    + bodyLimit + " bytes");
        }
        remaining = size;
        state = CHUNK_DATA;
        return true;
    }

    private boolean chunkEnd(ByteBuf in) {
        int r = in.readerIndex();
        if (in.readableBytes() >= 1 && in.getByte(r) != '\r') {
            throw bad("chunk data not followed by CRLF");
        }
        if (in.readableBytes() < 2) {
            return false;
        }
        if (in.getByte(r + 1) != '\n') {
            throw bad("chunk data not followed by CRLF");
        }
        in.skipBytes(2);
        state = CHUNK_SIZE;
        return true;
    }

    private int end() {
        state = START;
        method = null; // the request owns them now; an idle connection keeps nothing of it
        target = null;
        headers = null;
        return END;
    }

    // ----------------------------------------------------------------------------------------- helpers

    private static void requireCrlf(ByteBuf in, int start, int lf) {
        if (lf == start || in.getByte(lf - 1) != '\r') {
            throw bad("line ended by a bare LF (CRLF is required)");
        }
    }

    /** Length of the line from {@code start} to the LF at {@code lf}, without CRLF or LF. */
    private static int lineLength(ByteBuf in, int start, int lf) {
        return lf > start && in.getByte(lf - 1) == '\r' ? lf - start - 1 : lf - start;
    }

    private static byte[] scratch(int len) {
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < len) {
            holder[0] = new byte[Math.max(len, holder[0].length * 2)];
        }
        return holder[0];
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The value of an ASCII hex digit, or -1 (not Character.digit, which also takes non-ASCII digits). */
    static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String describe(byte c) {
        return String.format("0x%02x", c & 0xff);
    }

    private static HttpException bad(String message) {
        return new HttpException(HttpStatus.BAD_REQUEST, message);
    }

    private HttpException tooLarge(boolean trailer) {
        return new HttpException(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, (trailer ? "trailer" : "header")
                + " section larger than " + headerBytesLimit + " bytes");
    }

    @Override
    public String toString() {
        return "RequestParser[state=" + state + (method != null ? ", " + method + " " + target : "") + "]";
    }
}
