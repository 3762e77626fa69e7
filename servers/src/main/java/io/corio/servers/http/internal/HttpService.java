package io.corio.servers.http.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.servers.http.AccessLog;
import io.corio.servers.http.HttpHandler;
import io.corio.servers.http.HttpServerOptions;
import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.Protocol;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/** The HTTP {@link Service}: one handler, one loop, the connections it serves. Loop thread only. */
public final class HttpService implements Service {
    private static final DateTimeFormatter CLF_DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final EventLoop loop;
    private final HttpHandler handler;
    private final HttpServerOptions options;
    private final ConnectionSet<HttpConnection> connections;
    private final ResponseEncoder encoder = new ResponseEncoder();
    private final long headerNanos;
    private final long bodyNanos;
    private final long idleNanos;

    public HttpService(EventLoop loop, HttpHandler handler, HttpServerOptions options) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        this.connections = new ConnectionSet<>(loop);
        this.headerNanos = options.timeouts().header().toNanos();
        this.bodyNanos = options.timeouts().body().toNanos();
        this.idleNanos = options.timeouts().idle().toNanos();
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Protocol newProtocol() {
        return new HttpConnection(this);
    }

    @Override
    public int connections() {
        return connections.size();
    }

    @Override
    public Future<Void> drain() {
        return connections.drain(HttpConnection::startDrain);
    }

    @Override
    public void abort() {
        connections.forEach(HttpConnection::abort);
    }

    HttpHandler handler() {
        return handler;
    }

    HttpServerOptions options() {
        return options;
    }

    ConnectionSet<HttpConnection> connectionSet() {
        return connections;
    }

    ResponseEncoder encoder() {
        return encoder;
    }

    long headerNanos() {
        return headerNanos;
    }

    long bodyNanos() {
        return bodyNanos;
    }

    long idleNanos() {
        return idleNanos;
    }

    /** Writes the access log line of {@code r} when the log is on. */
    void logAccess(ServerRequest r) {
        if (r.response == null) {
            return;
        }
        options.metrics().requestCompleted(r.response.status());
        AccessLog log = options.accessLog();
        if (log == null) {
            return;
        }
        SocketAddress peer = r.remoteAddress();
        String host = peer instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress()
                : peer == null ? "-" : peer.toString();
        long micros = (loop.time() - r.startNanos) / 1000;
        log.log(host + " - - [" + CLF_DATE.format(Instant.now()) + "] \"" + r.method() + " " + r.target() + " "
                + r.version() + "\" " + r.response.status() + " " + (r.bytesSent > 0 ? r.bytesSent : "-") + " "
                + micros);
    }

    @Override
    public String toString() {
        return "HttpService[" + connections + "]";
    }
}
