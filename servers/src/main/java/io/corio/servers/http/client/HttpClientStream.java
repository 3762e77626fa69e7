package io.corio.servers.http.client;

import io.corio.loop.Future;
import io.corio.servers.http.client.internal.StreamBody;
import java.io.ByteArrayOutputStream;
import java.net.URI;

/**
 * A response whose head has arrived and whose body is read piece by piece, from {@link HttpClient#stream}: for
 * bodies too large to hold in memory, or to act on the first bytes early. Reading from the connection pauses
 * while 256 KiB wait unread (backpressure to the server).
 *
 * <pre>{@code
 * try (HttpClientStream s = client.stream(HttpClientRequest.get(url)).await()) {
 *     byte[] piece;
 *     while ((piece = s.read().await()) != null) {
 *         out.write(piece);
 *     }
 * }
 * }</pre>
 *
 * Loop-confined. {@link #close()} before the end aborts the connection (it cannot be reused with half a body
 * unread); after the end it does nothing, and the connection is already back in the pool.
 */
public final class HttpClientStream extends HttpClientHead implements AutoCloseable {
    private final StreamBody body;

    /** For the client; not for users. */
    public HttpClientStream(URI uri, int minorVersion, int status, String reason, HttpClientHeaders headers,
                            StreamBody body) {
        super(uri, minorVersion, status, reason, headers);
        this.body = body;
    }

    /**
     * The next piece of the body (never empty), or null after the last. Await it; one read at a time. Fails with
     * {@link HttpClientException} when the connection breaks.
     */
    public Future<byte[]> read() {
        return body.read();
    }

    /** Reads the rest of the body into one array (suspending; in a coroutine). */
    public byte[] readAll() {
        var out = new ByteArrayOutputStream();
        byte[] piece;
        while ((piece = read().await()) != null) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    /** The trailer fields of a chunked body, once {@link #read()} returned null; empty before and otherwise. */
    public HttpClientHeaders trailers() {
        return body.trailers();
    }

    /** Abandons the rest of the body (aborting the connection) unless it was complete. Idempotent. */
    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return "HttpClientStream[" + version() + " " + status() + ", " + uri() + (body.isComplete() ? ", complete" : "")
                + "]";
    }
}
