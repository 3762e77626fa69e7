package io.corio.transports.testing;

import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protocol that remembers everything it is told, for tests: the bytes received (copied, so nothing leaks), the
 * events in order, and the cause of the loss. Works with any transport, in memory or over sockets. Loop thread
 * only, like every protocol; read its state from the test once the loop has run.
 */
public class RecordingProtocol implements Protocol {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private Transport transport;
    private boolean keepOpenOnEof;
    private boolean eof;
    private boolean lost;
    private Throwable cause;
    private int lostCalls;
    private int dataCalls;
    private Future<Void> lostFuture;

    /** Returns true from {@code eofReceived} from now on, keeping the write side open (half-close). */
    public RecordingProtocol keepOpenOnEof() {
        this.keepOpenOnEof = true;
        return this;
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        events.add("connectionMade");
    }

    @Override
    public void dataReceived(ByteBuf data) {
        dataCalls++;
        events.add("data:" + data.readableBytes());
        byte[] copy = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), copy);
        received.writeBytes(copy);
    }

    @Override
    public boolean eofReceived() {
        eof = true;
        events.add("eof");
        return keepOpenOnEof;
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = true;
        lostCalls++;
        this.cause = cause;
        events.add(cause == null ? "lost" : "lost:" + cause.getClass().getSimpleName());
        if (lostFuture != null && !lostFuture.isDone()) {
            lostFuture.setResult(null);
        }
    }

    @Override
    public void pauseWriting() {
        events.add("pauseWriting");
    }

    @Override
    public void resumeWriting() {
        events.add("resumeWriting");
    }

    /** The transport given to {@code connectionMade}. */
    public Transport transport() {
        if (transport == null) {
            throw new InvalidStateException("connectionMade has not been called");
        }
        return transport;
    }

    /** Every byte received so far. */
    public byte[] bytes() {
        return received.toByteArray();
    }

    /** Every byte received so far, decoded as UTF-8. */
    public String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    /** The number of bytes received so far. */
    public int size() {
        return received.size();
    }

    /** Forgets the bytes received so far (events stay). */
    public void clearReceived() {
        received.reset();
    }

    /** The callbacks in order: {@code connectionMade}, {@code data:<n>}, {@code eof}, {@code pauseWriting}, ... */
    public List<String> events() {
        return List.copyOf(events);
    }

    public boolean eofSeen() {
        return eof;
    }

    public boolean isLost() {
        return lost;
    }

    /** How many times {@code connectionLost} was called: 1 once lost, if the transport keeps its contract. */
    public int lostCalls() {
        return lostCalls;
    }

    /** How many times {@code dataReceived} was called. */
    public int dataCalls() {
        return dataCalls;
    }

    /** The cause given to {@code connectionLost}, null for a clean close (or before). */
    public Throwable cause() {
        return cause;
    }

    /** A future of the transport's loop that completes when {@code connectionLost} is called (at once if it was). */
    public Future<Void> whenLost() {
        if (lostFuture == null) {
            lostFuture = transport().loop().createFuture();
            if (lost) {
                lostFuture.setResult(null);
            }
        }
        return lostFuture;
    }
}
