package com.example.corio;

import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A line protocol for Corio's launcher: every line a client sends comes back in upper case, after an optional
 * prefix. Serve it from YAML with {@code protocol: com.example.corio.UpperCaseProtocol}; the launcher makes one
 * instance per connection, with the listener's {@code options:} map when this class has a constructor that takes
 * one ({@code options: {prefix: "> "}}), else with the no-argument constructor.
 *
 * <p>Corio calls these methods on the connection's event-loop thread, one at a time, in the order
 * {@code connectionMade, dataReceived*, eofReceived?, connectionLost}, so the class needs no locks. The buffer
 * given to {@code dataReceived} is only borrowed for the call: read it, do not keep or release it.
 */
public final class UpperCaseProtocol implements Protocol {
    /** Longer lines are refused: the client gets an error line and the connection closes. */
    public static final int MAX_LINE = 8 * 1024;

    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Transport transport;

    /** With the listener's options; {@code prefix} (a string) goes before each answer. */
    public UpperCaseProtocol(Map<String, Object> options) {
        Object value = options.getOrDefault("prefix", "");
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("option prefix must be a string, got " + value);
        }
        this.prefix = text;
    }

    /** Without options: no prefix. */
    public UpperCaseProtocol() {
        this(Map.of());
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuf data) {
        while (data.isReadable()) {
            int newline = data.indexOf(data.readerIndex(), data.writerIndex(), (byte) '\n');
            int end = newline < 0 ? data.writerIndex() : newline;
            if (line.size() + (end - data.readerIndex()) > MAX_LINE) {
                transport.write("error: line longer than " + MAX_LINE + " bytes\n");
                transport.close();
                return;
            }
            byte[] chunk = new byte[end - data.readerIndex()];
            data.readBytes(chunk);
            line.writeBytes(chunk);
            if (newline < 0) {
                return; // the rest of the line comes in a later call
            }
            data.skipBytes(1);
            answer();
        }
    }

    /** The client ended its side: answer a last line without a newline, then let the connection close. */
    @Override
    public boolean eofReceived() {
        if (line.size() > 0) {
            answer();
        }
        return false;
    }

    private void answer() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        transport.write(prefix + text.toUpperCase(Locale.ROOT) + "\n");
    }

    @Override
    public String toString() {
        return "UpperCaseProtocol[prefix=\"" + prefix + "\", " + transport + "]";
    }
}
