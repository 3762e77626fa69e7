package io.corio.bench.echo;

import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The load generator's ceiling for the HTTP hello world: a server that does the least any server can, so that what
 * it reaches under {@code wrk} is what the client side of this machine allows. It answers each request head (found
 * by its blank line, nothing else parsed) with the bytes {@code corio http} sends for {@code GET /}: the same
 * status line, {@code Server}, {@code Date}, {@code Content-Type} and {@code Content-Length}, so the client reads
 * and parses exactly as much per answer. The answers to one read leave in one write. {@code bench/run-server-bench.sh}
 * runs it as {@code http-ceiling} next to the real servers; a server near this rate is limited by the client, not
 * by itself.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/corio-bench.jar
 * io.corio.bench.echo.HttpCeiling PORT}
 */
public final class HttpCeiling {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static final String BODY = "Hello, World!";

    private HttpCeiling() {
    }

    /** corio-http's answer to {@code GET /}, with the {@code Date} of the current second. */
    static byte[] answer(ZonedDateTime now) {
        return ("HTTP/1.1 200 OK\r\nServer: corio\r\nDate: " + IMF_FIXDATE.format(now) + "\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Counts the blank lines ending request heads, across reads, and writes one answer per head. */
    static final class Responder implements Protocol {
        private final Answer answer;
        private Transport transport;
        private int matched; // how much of "\r\n\r\n" the bytes so far end with

        Responder(Answer answer) {
            this.answer = answer;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuf data) {
            int heads = 0;
            int m = matched;
            for (int i = data.readerIndex(), end = data.writerIndex(); i < end; i++) {
                byte b = data.getByte(i);
                if (b == (m % 2 == 0 ? '\r' : '\n')) {
                    if (++m == 4) {
                        heads++;
                        m = 0;
                    }
                } else {
                    m = b == '\r' ? 1 : 0;
                }
            }
            matched = m;
            if (heads > 0) {
                byte[] bytes = answer.bytes();
                ByteBuf out = Buffers.allocator().directBuffer(bytes.length * heads);
                for (int k = 0; k < heads; k++) {
                    out.writeBytes(bytes);
                }
                transport.write(out);
            }
        }
    }

    /** The answer's bytes, made again when the second changes (as corio-http formats its Date line). */
    static final class Answer {
        private long second = Long.MIN_VALUE;
        private byte[] bytes;

        byte[] bytes() {
            long now = System.currentTimeMillis() / 1000;
            if (now != second) {
                second = now;
                bytes = answer(ZonedDateTime.now(ZoneOffset.UTC));
            }
            return bytes;
        }
    }

    public static void main(String[] args) {
        int port = EchoServers.port(args, 1, "HttpCeiling PORT");
        EventLoop loop = EventLoop.create();
        var answer = new Answer();
        Server server = loop.runUntilComplete(
                Network.createServer(loop, () -> new Responder(answer), EchoServers.HOST, port, EchoServers.OPTIONS));
        EchoServers.serve(loop, server, "HTTP ceiling");
    }
}
