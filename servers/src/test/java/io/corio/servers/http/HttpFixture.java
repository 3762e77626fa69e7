package io.corio.servers.http;

import io.corio.loop.testing.TestLoop;
import io.corio.servers.Service;
import io.corio.transports.testing.MemoryTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP service on a {@link TestLoop} with in-memory connections: send request bytes, read what came back. */
final class HttpFixture {
    private static final Pattern DATE = Pattern.compile("Date: [^\r]*\r\n");
    final TestLoop loop = TestLoop.create();
    final Service service;
    final List<Throwable> errors = new ArrayList<>();

    HttpFixture(HttpHandler handler) {
        this(handler, HttpServerOptions.DEFAULTS);
    }

    HttpFixture(HttpHandler handler, HttpServerOptions options) {
        service = HttpServer.service(loop, handler, options);
        loop.setExceptionHandler((l, context) -> errors.add(context.exception()));
    }

    /** A new connection to the service. */
    MemoryTransport connect() {
        MemoryTransport t = MemoryTransport.open(loop, service.newProtocol());
        loop.runReady();
        return t;
    }

    /** Sends {@code text} from the client end and runs the loop until nothing is ready. */
    void send(MemoryTransport connection, String text) {
        connection.peerTransport().write(text);
        loop.runReady();
    }

    void advance(Duration span) {
        loop.advance(span);
    }

    /** What the client received, with Date lines removed (they change every second). */
    static String received(MemoryTransport connection) {
        return DATE.matcher(connection.peer().text()).replaceAll("");
    }

    /** The number of responses (status lines) the client received. */
    static int responses(MemoryTransport connection) {
        Matcher m = Pattern.compile("HTTP/1.1 \\d{3} ").matcher(connection.peer().text());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Whether the server end closed (the client saw EOF or the connection is lost). */
    static boolean closedByServer(MemoryTransport connection) {
        return connection.peer().eofSeen() || connection.peer().isLost();
    }

    void close() {
        service.abort();
        loop.runReady();
        loop.close();
    }
}
