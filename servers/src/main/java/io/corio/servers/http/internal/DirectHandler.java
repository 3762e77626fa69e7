package io.corio.servers.http.internal;

import io.corio.servers.http.HttpHandler;
import io.corio.servers.http.HttpRequest;
import io.corio.servers.http.HttpResponse;
import java.util.Objects;

/**
 * A handler the connection calls directly from its read callback, without a coroutine, once the whole request
 * has arrived (see {@link HttpHandler#direct}).
 */
public record DirectHandler(HttpHandler handler) implements HttpHandler {
    public DirectHandler {
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        return handler.handle(request);
    }
}
