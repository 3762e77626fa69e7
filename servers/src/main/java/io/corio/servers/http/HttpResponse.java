package io.corio.servers.http;

import io.corio.servers.http.internal.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a handler answers: a status, header fields and a body, which is one of
 * <ul>
 * <li>none ({@link #of(int)}),</li>
 * <li>bytes, text or a {@code ByteBuf} known in full ({@link #text}, {@link #bytes}, {@link #buffer},
 *     {@link #json}): sent with {@code Content-Length},</li>
 * <li>a {@link BodyWriter} that streams it ({@link #stream}): chunked, or with {@code Content-Length} when the
 *     length is given,</li>
 * <li>a region of a file ({@link #file}): sent with {@code Content-Length}.</li>
 * </ul>
 * The server adds {@code Date}, {@code Server}, {@code Content-Length} or {@code Transfer-Encoding} and
 * {@code Connection}; those set here are ignored (except {@code Date} and {@code Server}, which replace the
 * server's). A response is sent once; the server releases its buffer or closes its file afterwards, or when it
 * cannot be sent. Mutable, single-use, loop thread only.
 */
public final class HttpResponse {
    /** How the body is held. */
    public enum BodyKind { EMPTY, BYTES, TEXT, BUFFER, STREAM, FILE }

    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    public static final String APPLICATION_JSON = "application/json";

    private int status;
    private String contentType;
    private HttpHeaders headers;
    private final BodyKind kind;
    private final Object body;
    private final long length;
    private final long position;

    private HttpResponse(int status, String contentType, BodyKind kind, Object body, long position, long length) {
        this.status = HttpStatus.check(status);
        this.contentType = contentType;
        this.kind = kind;
        this.body = body;
        this.position = position;
        this.length = length;
    }

    /** A response without a body. */
    public static HttpResponse of(int status) {
        return new HttpResponse(status, null, BodyKind.EMPTY, null, 0, 0);
    }

    /** {@code 200 OK} without a body. */
    public static HttpResponse ok() {
        return of(HttpStatus.OK);
    }

    /** {@code 200} with {@code text} as {@code text/plain; charset=utf-8}. */
    public static HttpResponse text(String text) {
        return text(HttpStatus.OK, text);
    }

    /** {@code status} with {@code text} as {@code text/plain; charset=utf-8}. */
    public static HttpResponse text(int status, String text) {
        return new HttpResponse(status, TEXT_PLAIN, BodyKind.TEXT, text, 0, ByteBufUtil.utf8Bytes(text));
    }

    /** {@code status} with {@code body} (not copied: do not change it afterwards). */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, BodyKind.BYTES, body, 0, body.length);
    }

    /** {@code status} with the readable bytes of {@code body}; the response takes ownership of the buffer. */
    public static HttpResponse buffer(int status, String contentType, ByteBuf body) {
        return new HttpResponse(status, contentType, BodyKind.BUFFER, body, 0, body.readableBytes());
    }

    /** {@code 200} with {@code value} serialized by Jackson as {@code application/json}. */
    public static HttpResponse json(Object value) {
        return json(HttpStatus.OK, value);
    }

    /** {@code status} with {@code value} serialized by Jackson as {@code application/json}. */
    public static HttpResponse json(int status, Object value) {
        return bytes(status, APPLICATION_JSON, Json.write(value));
    }

    /** {@code status} with a body of unknown length that {@code writer} streams: chunked for HTTP/1.1 clients. */
    public static HttpResponse stream(int status, String contentType, BodyWriter writer) {
        return new HttpResponse(status, contentType, BodyKind.STREAM, writer, 0, -1);
    }

    /** {@code status} with a body of exactly {@code length} bytes that {@code writer} streams. */
    public static HttpResponse stream(int status, String contentType, long length, BodyWriter writer) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return new HttpResponse(status, contentType, BodyKind.STREAM, writer, 0, length);
    }

    /**
     * {@code 200} with {@code length} bytes of {@code file} from {@code position}. The response owns the channel
     * and closes it once sent (or dropped). No content type is set: add one with {@link #contentType(String)}.
     */
    public static HttpResponse file(FileChannel file, long position, long length) {
        if (position < 0 || length < 0) {
            throw new IllegalArgumentException("position and length must be >= 0, got " + position + " and "
                    + length);
        }
        return new HttpResponse(HttpStatus.OK, null, BodyKind.FILE, file, position, length);
    }

    /** Opens {@code path} for reading and answers like {@link #file(FileChannel, long, long)}. */
    public static HttpResponse file(Path path, long position, long length) throws IOException {
        return file(FileChannel.open(path, StandardOpenOption.READ), position, length);
    }

    /** Sets the status. Returns this. */
    public HttpResponse status(int status) {
        this.status = HttpStatus.check(status);
        return this;
    }

    /** Sets the {@code Content-Type} (null for none). Returns this. */
    public HttpResponse contentType(String contentType) {
        this.contentType = contentType;
        return this;
    }

    /** Adds a header field. Returns this. */
    public HttpResponse header(String name, String value) {
        headers().add(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The {@code Content-Type}, or null. */
    public String contentType() {
        return contentType;
    }

    /** The header fields other than {@code Content-Type}, created on first use. */
    public HttpHeaders headers() {
        if (headers == null) {
            headers = new HttpHeaders();
        }
        return headers;
    }

    /** True when at least one header field was added (without creating the headers). */
    public boolean hasHeaders() {
        return headers != null && !headers.isEmpty();
    }

    public BodyKind bodyKind() {
        return kind;
    }

    /** The body's length in bytes, -1 for a stream of unknown length. */
    public long bodyLength() {
        return length;
    }

    /** The bytes of a {@link BodyKind#BYTES} body. */
    public byte[] bodyBytes() {
        return kind == BodyKind.BYTES ? (byte[]) body : null;
    }

    /** The text of a {@link BodyKind#TEXT} body. */
    public String bodyText() {
        return kind == BodyKind.TEXT ? (String) body : null;
    }

    /** The buffer of a {@link BodyKind#BUFFER} body (still owned by the response). */
    public ByteBuf bodyBuffer() {
        return kind == BodyKind.BUFFER ? (ByteBuf) body : null;
    }

    /** The writer of a {@link BodyKind#STREAM} body. */
    public BodyWriter bodyWriter() {
        return kind == BodyKind.STREAM ? (BodyWriter) body : null;
    }

    /** The channel of a {@link BodyKind#FILE} body. */
    public FileChannel fileChannel() {
        return kind == BodyKind.FILE ? (FileChannel) body : null;
    }

    /** Where a {@link BodyKind#FILE} body starts in its file. */
    public long filePosition() {
        return position;
    }

    /**
     * Frees the body: releases a {@code ByteBuf}, closes a file. The server calls it once the response is sent or
     * dropped; idempotent.
     */
    public void release() {
        if (kind == BodyKind.BUFFER) {
            ByteBuf buf = (ByteBuf) body;
            if (buf.refCnt() > 0) {
                buf.release();
            }
        } else if (kind == BodyKind.FILE) {
            try {
                ((FileChannel) body).close();
            } catch (IOException ignored) {
                // closing a file opened for reading loses nothing
            }
        }
    }

    /** The body as UTF-8 text when it is bytes or text (for tests and logs), else null. */
    public String bodyAsString() {
        return switch (kind) {
            case TEXT -> (String) body;
            case BYTES -> new String((byte[]) body, StandardCharsets.UTF_8);
            case BUFFER -> ((ByteBuf) body).toString(StandardCharsets.UTF_8);
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "HttpResponse[" + status + ", " + kind + (length >= 0 ? ", length=" + length : "") + "]";
    }
}
