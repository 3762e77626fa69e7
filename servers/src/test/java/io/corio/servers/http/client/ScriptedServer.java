package io.corio.servers.http.client;

import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A raw HTTP server connection for tests: it cuts the bytes it receives into requests (head, then a
 * Content-Length or chunked body) and hands each to the script, which answers with whatever bytes it likes.
 * Loop thread only.
 */
final class ScriptedServer implements Protocol {
    /** Answers one request; {@code index} counts the requests of this connection from 0. */
    interface Script {
        void request(ScriptedServer connection, String request, int index);
    }

    /** Makes the connections of one server and remembers them, in order. */
    static final class Factory implements Supplier<Protocol> {
        final Script script;
        final List<ScriptedServer> connections = new ArrayList<>();

        Factory(Script script) {
            this.script = script;
        }

        @Override
        public ScriptedServer get() {
            var c = new ScriptedServer(script, connections.size());
            connections.add(c);
            return c;
        }

        /** Every request received, on every connection, in arrival order per connection. */
        List<String> requests() {
            var all = new ArrayList<String>();
            connections.forEach(c -> all.addAll(c.requests));
            return all;
        }
    }

    final int number;
    final List<String> requests = new ArrayList<>();
    private final Script script;
    private final StringBuilder buffer = new StringBuilder();
    Transport transport;
    boolean lost;

    private ScriptedServer(Script script, int number) {
        this.script = script;
        this.number = number;
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuf data) {
        buffer.append(data.toString(StandardCharsets.ISO_8859_1));
        int end;
        while ((end = requestEnd()) > 0) {
            String request = buffer.substring(0, end);
            buffer.delete(0, end);
            requests.add(request);
            script.request(this, request, requests.size() - 1);
        }
    }

    /** The length of the first complete request in the buffer, or -1. */
    private int requestEnd() {
        int head = buffer.indexOf("\r\n\r\n");
        if (head < 0) {
            return -1;
        }
        String lower = buffer.substring(0, head).toLowerCase(Locale.ROOT);
        if (lower.contains("transfer-encoding: chunked")) {
            int last = buffer.indexOf("\r\n0\r\n\r\n", head);
            int empty = buffer.indexOf("0\r\n\r\n", head + 4) == head + 4 ? head + 4 + 5 : -1;
            return empty > 0 ? empty : last < 0 ? -1 : last + 7;
        }
        int at = lower.indexOf("content-length: ");
        int length = 0;
        if (at >= 0) {
            int eol = lower.indexOf("\r\n", at);
            length = Integer.parseInt(lower.substring(at + 16, eol < 0 ? lower.length() : eol).strip());
        }
        int end = head + 4 + length;
        return buffer.length() >= end ? end : -1;
    }

    void reply(String bytes) {
        transport.write(bytes);
    }

    /** A complete response with Content-Length. */
    void ok(String body) {
        reply("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = true;
    }
}
