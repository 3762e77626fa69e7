package io.corio.servers.http.internal;

import io.corio.loop.ClosedResourceException;
import io.corio.servers.http.BodyOutput;
import io.corio.servers.http.HttpResponse;
import io.corio.servers.http.HttpVersion;
import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Sends a response whose body is produced over time (a {@link io.corio.servers.http.BodyWriter}) or read from a
 * file, from the request's own task: head first, then the body with flow control, chunked when its length is
 * unknown and the client speaks HTTP/1.1 (an HTTP/1.0 client gets a body delimited by closing the connection).
 * Files are read in 64 KiB pieces into pooled buffers; a zero-copy {@code sendFile} can replace that loop later.
 */
final class Streaming implements BodyOutput {
    private static final byte[] LAST_CHUNK = ResponseEncoder.ascii("0\r\n\r\n");
    private static final byte[] CRLF_LAST_CHUNK = ResponseEncoder.ascii("\r\n0\r\n\r\n");

    private final HttpConnection connection;
    private final boolean chunked;
    private final long length;
    private long sent;
    private boolean firstChunk = true;

    private Streaming(HttpConnection connection, boolean chunked, long length) {
        this.connection = connection;
        this.chunked = chunked;
        this.length = length;
    }

    /** Sends {@code r.response} (head and body); awaits while the transport is over its high-water mark. */
    static void send(HttpConnection connection, ServerRequest r) throws Exception {
        HttpResponse response = r.response;
        long length = response.bodyLength();
        boolean http11 = r.version() == HttpVersion.HTTP_1_1;
        boolean chunked = length < 0 && http11;
        boolean close = connection.decideClose(r, length < 0 && !http11);
        connection.service().encoder().head(connection.out(), response, length, chunked, close,
                HttpConnection.keepAliveHeader(r, close));
        connection.flushOut();
        var output = new Streaming(connection, chunked, length);
        if (response.bodyKind() == HttpResponse.BodyKind.FILE) {
            output.sent = connection.transport().sendFile(response.fileChannel(), response.filePosition(), length)
                    .await();
        } else {
            response.bodyWriter().writeTo(output);
        }
        output.finish();
        r.bytesSent = output.sent;
    }

    @Override
    public void write(ByteBuf data) {
        if (connection.isClosing()) {
            data.release();
            throw new ClosedResourceException("the HTTP connection is closed");
        }
        int n = data.readableBytes();
        if (n == 0) {
            data.release();
            return;
        }
        if (length >= 0 && sent + n > length) {
            data.release();
            throw new IllegalStateException("the body writer wrote more than the declared " + length + " bytes");
        }
        if (chunked) {
            ByteBuf size = Buffers.allocator().directBuffer(20);
            if (!firstChunk) {
                size.writeByte('\r').writeByte('\n');
            }
            firstChunk = false;
            ResponseEncoder.writeHex(size, n);
            size.writeByte('\r').writeByte('\n');
            connection.transport().write(size);
        }
        connection.transport().write(data);
        sent += n;
        connection.awaitWritable();
    }

    private void finish() {
        if (chunked) {
            connection.transport().write(Buffers.copyOf(firstChunk ? LAST_CHUNK : CRLF_LAST_CHUNK));
        } else if (length >= 0 && sent != length) {
            throw new IllegalStateException("the body writer wrote " + sent + " bytes, not the declared " + length);
        }
    }
}
