package io.corio.servers.http.internal;

import io.corio.servers.http.HttpException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link RequestParser} as the connection does (unparsed bytes kept and new ones appended) and records
 * its events as text: {@code HEAD GET /a HTTP/1.1 len=0 keepAlive}, {@code BODY hello}, {@code END}, or
 * {@code ERROR 400 message}.
 */
final class ParserFeed {
    private final RequestParser parser;
    private final List<String> events = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private ByteBuf pending = Unpooled.buffer();

    ParserFeed(RequestParser parser) {
        this.parser = parser;
    }

    static ParserFeed defaults() {
        return new ParserFeed(new RequestParser(8192, 16384, 100, 1024 * 1024));
    }

    /** Feeds {@code text} in pieces cut at {@code cuts} (offsets), then returns the events. */
    List<String> feed(String text, int... cuts) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int from = 0;
        for (int cut : cuts) {
            push(bytes, from, cut);
            from = cut;
        }
        push(bytes, from, bytes.length);
        pending.release();
        return events;
    }

    /** Feeds {@code text} one byte at a time. */
    List<String> feedBytewise(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            push(bytes, i, i + 1);
        }
        pending.release();
        return events;
    }

    RequestParser parser() {
        return parser;
    }

    private void push(byte[] bytes, int from, int to) {
        if (isFailed()) {
            return;
        }
        pending.writeBytes(bytes, from, to - from);
        try {
            for (;;) {
                int ev = parser.parse(pending);
                if (ev == RequestParser.NEED_MORE) {
                    break;
                }
                record(ev);
            }
        } catch (HttpException e) {
            events.add("ERROR " + e.status() + " " + e.getMessage());
        }
        pending.discardReadBytes();
    }

    private void record(int ev) {
        switch (ev) {
            case RequestParser.HEAD -> events.add("HEAD " + parser.method() + " " + parser.target() + " "
                    + parser.version() + " len=" + parser.contentLength() + (parser.keepAlive() ? " keepAlive" : "")
                    + (parser.expectContinue() ? " continue" : ""));
            case RequestParser.CONTENT -> {
                ByteBuf c = parser.takeContent();
                body.append(c.toString(StandardCharsets.ISO_8859_1));
                c.release();
            }
            default -> {
                if (!body.isEmpty()) {
                    events.add("BODY " + body);
                    body.setLength(0);
                }
                events.add(parser.trailers() == null ? "END" : "END trailers=" + parser.trailers());
            }
        }
    }

    private boolean isFailed() {
        return !events.isEmpty() && events.getLast().startsWith("ERROR");
    }
}
