/**
 * HTTP-lite: an HTTP/1.1 server on any Corio stream transport (TCP, Unix, TLS with ALPN {@code http/1.1}).
 *
 * <p>Write an {@link io.corio.servers.http.HttpHandler} (a coroutine: it may await) that turns an
 * {@link io.corio.servers.http.HttpRequest} into an {@link io.corio.servers.http.HttpResponse}, usually through a
 * {@link io.corio.servers.http.Router}, and serve it with {@link io.corio.servers.http.HttpServer}. Connections
 * keep alive, pipeline (answered in order), read and write chunked bodies, honour {@code Expect: 100-continue}
 * and enforce the limits and timeouts of {@link io.corio.servers.http.HttpServerOptions}. The guide is
 * {@code docs/http.md}.
 */
package io.corio.servers.http;
