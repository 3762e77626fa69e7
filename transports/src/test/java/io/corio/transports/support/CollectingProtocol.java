package io.corio.transports.support;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Transport;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordingProtocol} with futures to await in a coroutine: connection made, a number of bytes received,
 * EOF, and writability ({@link #whenWritable()}, for writers that respect {@code pauseWriting}). Loop thread only.
 */
public class CollectingProtocol extends RecordingProtocol {
    private final EventLoop loop;
    private final Future<Transport> made;
    private final Future<Void> eof;
    private final List<Waiter> waiters = new ArrayList<>();
    private Future<Void> writable;
    private boolean writingPaused;

    private record Waiter(int bytes, Future<byte[]> future) {
    }

    public CollectingProtocol(EventLoop loop) {
        this.loop = loop;
        this.made = loop.createFuture();
        this.eof = loop.createFuture();
    }

    @Override
    public void connectionMade(Transport transport) {
        super.connectionMade(transport);
        made.setResult(transport);
    }

    @Override
    public void dataReceived(ByteBuf data) {
        super.dataReceived(data);
        waiters.removeIf(w -> {
            if (size() >= w.bytes()) {
                w.future().setResult(bytes());
                return true;
            }
            return false;
        });
    }

    @Override
    public boolean eofReceived() {
        boolean keepOpen = super.eofReceived();
        eof.setResult(null);
        return keepOpen;
    }

    @Override
    public void connectionLost(Throwable cause) {
        super.connectionLost(cause);
        if (!eof.isDone()) {
            eof.setResult(null);   // a lost connection delivers no more data either
        }
        waiters.forEach(w -> w.future().setResult(bytes()));
        waiters.clear();
        if (writable != null && !writable.isDone()) {
            writable.setResult(null);
        }
    }

    @Override
    public void pauseWriting() {
        super.pauseWriting();
        writingPaused = true;
    }

    @Override
    public void resumeWriting() {
        super.resumeWriting();
        writingPaused = false;
        if (writable != null && !writable.isDone()) {
            writable.setResult(null);
        }
    }

    /** Completes with the transport once {@code connectionMade} ran. */
    public Future<Transport> whenMade() {
        return made;
    }

    /** Completes with every byte received so far once at least {@code n} arrived (or the connection is lost). */
    public Future<byte[]> whenReceived(int n) {
        Future<byte[]> f = loop.createFuture();
        if (size() >= n || isLost()) {
            f.setResult(bytes());
        } else {
            waiters.add(new Waiter(n, f));
        }
        return f;
    }

    /** Completes when EOF arrives (or the connection is lost). */
    public Future<Void> whenEof() {
        return eof;
    }

    /** Completes at once unless writing is paused, then at {@code resumeWriting} (or loss). */
    public Future<Void> whenWritable() {
        if (!writingPaused || isLost()) {
            Future<Void> f = loop.createFuture();
            f.setResult(null);
            return f;
        }
        if (writable == null || writable.isDone()) {
            writable = loop.createFuture();
        }
        return writable;
    }

    public boolean isWritingPaused() {
        return writingPaused;
    }
}
