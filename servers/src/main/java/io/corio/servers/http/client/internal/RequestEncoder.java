package io.corio.servers.http.client.internal;

import io.corio.servers.http.client.HttpClientHeaders;
import io.corio.servers.http.client.HttpClientRequest;
import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Writes a request head and body as HTTP/1.1 bytes into one pooled buffer, which the caller owns. */
public final class RequestEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private RequestEncoder() {
    }

    /**
     * Encodes {@code request} for {@code origin}.
     *
     * @param userAgent the {@code User-Agent} to add unless the request has one, or null
     * @param close     add {@code Connection: close} (the connection will not be reused)
     */
    public static ByteBuf encode(HttpClientRequest request, Origin origin, String userAgent, boolean close) {
        byte[] body = request.body();
        int bodyLength = body == null ? 0 : body.length;
        ByteBuf out = Buffers.allocator().directBuffer(256 + bodyLength + (request.chunked() ? 32 : 0));
        ascii(out, request.method()).writeByte(' ');
        ascii(out, requestTarget(request.uri())).writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpClientHeaders headers = request.headers();
        if (!headers.contains("Host")) {
            field(out, "Host", origin.hostField());
        }
        if (userAgent != null && !headers.contains("User-Agent")) {
            field(out, "User-Agent", userAgent);
        }
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !(close && name.equalsIgnoreCase("Connection"))) {
                field(out, name, headers.value(i));
            }
        }
        if (close) {
            field(out, "Connection", "close");
        }
        if (request.chunked() && body != null) {
            field(out, "Transfer-Encoding", "chunked");
            out.writeBytes(CRLF);
            if (bodyLength > 0) {
                ascii(out, Integer.toHexString(bodyLength)).writeBytes(CRLF).writeBytes(body).writeBytes(CRLF);
            }
            ascii(out, "0\r\n\r\n");
        } else {
            if (body != null || needsLength(request.method())) {
                field(out, "Content-Length", Integer.toString(bodyLength));
            }
            out.writeBytes(CRLF);
            if (bodyLength > 0) {
                out.writeBytes(body);
            }
        }
        return out;
    }

    /** Path and query as sent on the request line: {@code /} when the URL has no path. */
    public static String requestTarget(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** Methods whose requests carry a body by convention: a missing body is sent as {@code Content-Length: 0}. */
    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static void field(ByteBuf out, String name, String value) {
        ascii(out, name).writeByte(':').writeByte(' ');
        out.writeCharSequence(value, StandardCharsets.ISO_8859_1);
        out.writeBytes(CRLF);
    }

    private static ByteBuf ascii(ByteBuf out, String s) {
        out.writeCharSequence(s, StandardCharsets.US_ASCII);
        return out;
    }
}
