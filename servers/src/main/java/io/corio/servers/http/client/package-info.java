/**
 * A small HTTP/1.1 client on an event loop: {@link io.corio.servers.http.client.HttpClient} with keep-alive
 * pooling, chunked and close-delimited responses, timeouts, TLS and Unix sockets. See {@code docs/http-client.md}.
 */
package io.corio.servers.http.client;
