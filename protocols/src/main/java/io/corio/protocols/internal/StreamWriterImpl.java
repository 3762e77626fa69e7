package io.corio.protocols.internal;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.Future;
import io.corio.protocols.StreamWriter;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;

/** The writer of a {@link StreamProtocol}: writes go to its current transport; drains wait for resumeWriting. */
final class StreamWriterImpl implements StreamWriter {
    private final StreamProtocol protocol;
    private Object drainers;          // null, one pending Future<Void>, or an ArrayList of them
    private Future<Void> ready;       // a completed future handed out by drain() while not paused (lazily made)
    private Future<Void> closed;      // waitClosed(), made on demand
    private Throwable lostCause;
    private boolean writingPaused;
    private boolean closedBySelf;
    private boolean lost;

    StreamWriterImpl(StreamProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void write(ByteBuf data) {
        protocol.transport().write(data);
    }

    @Override
    public void write(byte[] data) {
        protocol.transport().write(data);
    }

    @Override
    public void write(CharSequence text) {
        protocol.transport().write(text);
    }

    @Override
    public Future<Void> drain() {
        if (lost) {
            Future<Void> failed = protocol.loop().createFuture();
            failed.setException(lostError());
            return failed;
        }
        if (!writingPaused) {
            if (ready == null) {
                ready = protocol.loop().createFuture();
                ready.setResult(null);
            }
            return ready;
        }
        Future<Void> waiting = protocol.loop().createFuture();
        addDrainer(waiting);
        return waiting;
    }

    @SuppressWarnings("unchecked")
    private void addDrainer(Future<Void> waiting) {
        if (drainers == null) {
            drainers = waiting;
        } else if (drainers instanceof ArrayList<?> list) {
            ((ArrayList<Object>) list).add(waiting);
        } else {
            var list = new ArrayList<>(4);
            list.add(drainers);
            list.add(waiting);
            drainers = list;
        }
    }

    /** Completes (or fails) every pending drain; cancelled ones are skipped. */
    @SuppressWarnings("unchecked")
    private void releaseDrainers(Throwable error) {
        Object d = drainers;
        drainers = null;
        if (d == null) {
            return;
        }
        Iterable<Object> all = d instanceof ArrayList<?> list ? (ArrayList<Object>) list : java.util.List.of(d);
        for (Object each : all) {
            var f = (Future<Void>) each;
            if (f.isDone()) {
                continue;
            }
            if (error == null) {
                f.setResult(null);
            } else {
                f.setException(error);
            }
        }
    }

    private Throwable lostError() {
        if (lostCause != null) {
            return lostCause;
        }
        return closedBySelf ? new ClosedResourceException("the stream writer was closed")
                : new BrokenResourceException("connection lost: the peer closed it");
    }

    void pauseWriting() {
        writingPaused = true;
    }

    void resumeWriting() {
        writingPaused = false;
        releaseDrainers(null);
    }

    void connectionLost(Throwable cause) {
        lost = true;
        lostCause = cause;
        releaseDrainers(lostError());
        if (closed != null && !closed.isDone()) {
            if (cause == null) {
                closed.setResult(null);
            } else {
                closed.setException(cause);
            }
        }
    }

    @Override
    public void writeEof() {
        protocol.transport().writeEof();
    }

    @Override
    public boolean canWriteEof() {
        return protocol.transport().canWriteEof();
    }

    @Override
    public void close() {
        closedBySelf = true;
        protocol.transport().close();
    }

    @Override
    public boolean isClosing() {
        return closedBySelf || lost || protocol.transport().isClosing();
    }

    @Override
    public Future<Void> waitClosed() {
        if (closed == null) {
            closed = protocol.loop().createFuture();
            if (lost) {
                if (lostCause == null) {
                    closed.setResult(null);
                } else {
                    closed.setException(lostCause);
                }
            }
        }
        return closed;
    }

    @Override
    public Future<Void> startTls(TlsContext context, String serverHostname) {
        Future<Transport> upgrade = Network.startTls(protocol.transport(), context, serverHostname);
        return Chained.map(protocol.loop(), upgrade, tls -> {
            protocol.replaceTransport(tls);
            return null;
        }, null);
    }

    @Override
    public <T> T extra(Extra<T> key) {
        return protocol.transport().extra(key);
    }

    @Override
    public Transport transport() {
        return protocol.transport();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("StreamWriter[").append(protocol.transport());
        if (writingPaused) {
            sb.append(", paused");
        }
        if (drainers != null) {
            sb.append(", draining");
        }
        if (closedBySelf) {
            sb.append(", closed");
        }
        if (lost) {
            sb.append(", lost");
        }
        return sb.append(']').toString();
    }
}
