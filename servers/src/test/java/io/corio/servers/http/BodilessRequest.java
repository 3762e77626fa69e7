package io.corio.servers.http;

import io.corio.loop.Future;
import java.net.SocketAddress;

/**
 * A request without a connection or a body, as a user's unit test of a handler would write one (Router and
 * StaticFiles tests). Handlers under test never read a body from it: reading one is a test mistake and says so.
 */
final class BodilessRequest extends HttpRequest {
    BodilessRequest(String method, String target) {
        this(method, target, new HttpHeaders());
    }

    BodilessRequest(String method, String target, HttpHeaders headers) {
        super(method, target, HttpVersion.HTTP_1_1, headers);
    }

    @Override
    public Future<byte[]> body() {
        throw new IllegalStateException("a BodilessRequest has no body to read");
    }

    @Override
    public BodyReader bodyReader() {
        throw new IllegalStateException("a BodilessRequest has no body to read");
    }

    @Override
    public long contentLength() {
        return -1;
    }

    @Override
    public HttpHeaders trailers() {
        return new HttpHeaders();
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }
}
