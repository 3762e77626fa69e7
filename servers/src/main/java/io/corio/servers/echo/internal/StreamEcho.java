package io.corio.servers.echo.internal;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.CancelledException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.Future;
import io.corio.protocols.StreamReader;
import io.corio.protocols.StreamWriter;
import io.corio.protocols.Streams;
import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * The coroutine echo ({@code streams: true}): a task per connection reads up to {@value #READ_SIZE} bytes, writes
 * them and awaits the drain, until the end of the stream, as the idiomatic asyncio stream echo does. The bytes go
 * through a {@link Streams#serverProtocol stream server protocol}; this class only forwards its callbacks, to know
 * when the connection is made and lost, and to drain it.
 *
 * <p>Flow control comes from the streams: {@code send(...).await()} suspends while the write buffer is over its
 * high-water mark, and the reader pauses the transport once more than its limit is buffered unread. On the peer's
 * EOF the read returns an empty buffer, the task returns, and the writer closes after flushing.
 *
 * <p>A drain pauses reading and notes how many bytes the reader holds; the task answers those (and a read already
 * under way), then returns. Bytes the reader takes in after the drain started are not answered: the reader resumes
 * reading by itself when it falls under its limit, so the pause alone would not stop a client that keeps sending.
 * A task idle in a read (its reader then holds no bytes) is woken by cancelling that read.
 */
public final class StreamEcho extends EchoConnection implements BufferedProtocol {
    /** The most bytes one read takes, as asyncio's usual {@code reader.read(65536)}. */
    public static final int READ_SIZE = 64 * 1024;

    private final ConnectionSet<EchoConnection> connections;
    private final BufferedProtocol streams;
    private final IdleSweep idle;
    private Transport transport;
    private StreamReader reader;              // set when the task starts
    private Future<ByteBuf> pendingRead;
    private boolean draining;
    private int owed;                         // bytes read before the drain and still to answer

    public StreamEcho(ConnectionSet<EchoConnection> connections, IdleSweep idle, int readerLimit) {
        this.connections = connections;
        this.idle = idle;
        this.streams = Streams.serverProtocol(this::echo, readerLimit);
    }

    @Override
    protected Transport transport() {
        return transport;
    }

    /** The task's body. Ends quietly when the peer resets or goes: there is nobody left to answer. */
    private void echo(StreamReader reader, StreamWriter writer) throws Exception {
        this.reader = reader;
        if (draining) {
            owed = reader.buffered(); // drained before this task started; reading has been paused since
        }
        try {
            while (!draining || owed > 0) {
                boolean counted = draining; // a read begun before the drain took bytes the drain did not count
                Future<ByteBuf> read = reader.read(counted ? Math.min(READ_SIZE, owed) : READ_SIZE);
                pendingRead = read;
                ByteBuf data;
                try {
                    data = read.await();
                } finally {
                    pendingRead = null;
                }
                if (!data.isReadable()) {
                    data.release();
                    return; // end of stream: the writer closes when the handler returns, after flushing
                }
                if (counted) {
                    owed -= data.readableBytes();
                }
                writer.send(data).await();
            }
        } catch (CancelledException e) {
            if (!draining) {
                throw e;
            }
        } catch (Exception e) { // await rethrows the connection's IOException unchanged, undeclared
            if (!(e instanceof IOException || e instanceof BrokenResourceException
                    || e instanceof ClosedResourceException)) {
                throw e;
            }
            // reset, lost or aborted: nothing left to answer
        }
    }

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        streams.connectionMade(transport);
        if (connections.add(this)) {
            idle.connectionAdded();
        } else {
            drain(); // accepted while the service drains: the task returns at once
        }
    }

    @Override
    public ByteBuf getBuffer(int sizeHint) {
        return streams.getBuffer(sizeHint);
    }

    @Override
    public void bufferUpdated(int n) {
        active();
        streams.bufferUpdated(n);
    }

    @Override
    public void dataReceived(ByteBuf data) {
        active();
        streams.dataReceived(data);
    }

    @Override
    public boolean eofReceived() {
        return streams.eofReceived();
    }

    @Override
    public void pauseWriting() {
        streams.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        active();
        streams.resumeWriting();
    }

    @Override
    public void connectionLost(Throwable cause) {
        connections.remove(this);
        streams.connectionLost(cause);
    }

    @Override
    public void drain() {
        draining = true;
        owed = reader == null ? 0 : reader.buffered();
        transport.pauseReading(); // best effort: the reader resumes reading once it is under its limit
        Future<ByteBuf> idle = pendingRead;
        if (idle != null) {
            idle.cancel("the echo service is draining"); // no effect if the read already completed
        }
    }

    @Override
    public void abort() {
        transport.abort();
    }

    @Override
    public String toString() {
        return "StreamEcho[" + transport + (draining ? ", draining" : "") + "]";
    }
}
