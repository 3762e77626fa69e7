package io.corio.servers.http.internal;

import io.corio.servers.http.HttpHeaders;
import io.corio.servers.http.HttpResponse;
import io.corio.servers.http.HttpStatus;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes response heads as bytes: status lines cached per code, the {@code Date} line formatted at most once a
 * second, {@code Server: corio}, the framing headers the connection decided on. One per service (its loop
 * thread only), since the date cache is not thread-safe.
 */
public final class ResponseEncoder {
    public static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] SERVER = ascii("Server: corio\r\n");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CRLF = ascii("\r\n");

    private long dateSecond = Long.MIN_VALUE;
    private byte[] dateLine;
    private String lastContentType;
    private byte[] lastContentTypeLine;

    /**
     * Writes the head of {@code response} into {@code out}.
     *
     * @param length    the {@code Content-Length} to send, or -1 for none
     * @param chunked   send {@code Transfer-Encoding: chunked}
     * @param close     send {@code Connection: close}
     * @param keepAlive send {@code Connection: keep-alive} (to an HTTP/1.0 client that asked for it)
     */
    public void head(ByteBuf out, HttpResponse response, long length, boolean chunked, boolean close,
                     boolean keepAlive) {
        out.writeBytes(statusLine(response.status()));
        boolean ownDate = false;
        boolean ownServer = false;
        if (response.hasHeaders()) {
            HttpHeaders h = response.headers();
            for (int i = 0; i < h.size(); i++) {
                String name = h.name(i);
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                        || name.equalsIgnoreCase("Connection")) {
                    continue;
                }
                ownDate |= name.equalsIgnoreCase("Date");
                ownServer |= name.equalsIgnoreCase("Server");
                out.writeCharSequence(name, StandardCharsets.ISO_8859_1);
                out.writeByte(':').writeByte(' ');
                out.writeCharSequence(h.value(i), StandardCharsets.ISO_8859_1);
                out.writeBytes(CRLF);
            }
        }
        if (!ownServer) {
            out.writeBytes(SERVER);
        }
        if (!ownDate) {
            out.writeBytes(dateLine());
        }
        String type = response.contentType();
        if (type != null) {
            out.writeBytes(contentTypeLine(type));
        }
        if (length >= 0) {
            out.writeBytes(CONTENT_LENGTH);
            writeDecimal(out, length);
            out.writeBytes(CRLF);
        } else if (chunked) {
            out.writeBytes(CHUNKED);
        }
        if (close) {
            out.writeBytes(CLOSE);
        } else if (keepAlive) {
            out.writeBytes(KEEP_ALIVE);
        }
        out.writeBytes(CRLF);
    }

    /** {@code Date: ...\r\n} for the current second. */
    byte[] dateLine() {
        long second = System.currentTimeMillis() / 1000;
        if (second != dateSecond) {
            dateSecond = second;
            dateLine = ascii("Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(second)) + "\r\n");
        }
        return dateLine;
    }

    private byte[] contentTypeLine(String type) {
        if (type != lastContentType) {
            byte[] value = type.getBytes(StandardCharsets.ISO_8859_1);
            byte[] line = new byte[CONTENT_TYPE.length + value.length + 2];
            System.arraycopy(CONTENT_TYPE, 0, line, 0, CONTENT_TYPE.length);
            System.arraycopy(value, 0, line, CONTENT_TYPE.length, value.length);
            line[line.length - 2] = '\r';
            line[line.length - 1] = '\n';
            lastContentType = type;
            lastContentTypeLine = line;
        }
        return lastContentTypeLine;
    }

    private static byte[] statusLine(int status) {
        if (status < STATUS_LINES.length) {
            byte[] line = STATUS_LINES[status];
            if (line == null) {
                line = ascii("HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n");
                STATUS_LINES[status] = line;
            }
            return line;
        }
        return ascii("HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n");
    }

    /** Writes {@code value} (>= 0) in decimal. */
    static void writeDecimal(ByteBuf out, long value) {
        if (value < 10) {
            out.writeByte((int) ('0' + value));
            return;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int at = out.writerIndex() + digits;
        out.ensureWritable(digits);
        for (long v = value; v > 0; v /= 10) {
            out.setByte(--at, (int) ('0' + v % 10));
        }
        out.writerIndex(out.writerIndex() + digits);
    }

    /** Writes {@code value} (> 0) in hexadecimal, as a chunk size. */
    static void writeHex(ByteBuf out, long value) {
        int digits = (64 - Long.numberOfLeadingZeros(value) + 3) / 4;
        for (int i = digits - 1; i >= 0; i--) {
            out.writeByte("0123456789abcdef".charAt((int) ((value >>> (4 * i)) & 0xf)));
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
