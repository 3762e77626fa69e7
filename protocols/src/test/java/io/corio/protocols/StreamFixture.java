package io.corio.protocols;

import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.protocols.internal.StreamHandlerRunner;
import io.corio.protocols.internal.StreamProtocol;
import io.corio.transports.Buffers;
import io.corio.transports.testing.MemoryTransport;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;

/**
 * A stream reader/writer on one end of an in-memory connection, and a {@link RecordingProtocol} on the other end
 * that the test drives: {@code peer().write("...")}, {@code recorder().text()}. Reads are started from the test
 * thread while the loop is idle, then {@link #run()} lets the loop deliver.
 */
final class StreamFixture {
    final TestLoop loop = TestLoop.create();
    final StreamProtocol protocol;
    final MemoryTransport transport;

    StreamFixture() {
        this(StreamReader.DEFAULT_LIMIT);
    }

    StreamFixture(int limit) {
        this(limit, null);
    }

    StreamFixture(int limit, StreamHandler handler) {
        protocol = new StreamProtocol(limit, handler == null ? null : new StreamHandlerRunner(handler));
        transport = MemoryTransport.open(loop, protocol);
    }

    StreamReader reader() {
        return protocol;
    }

    StreamWriter writer() {
        return protocol.writer();
    }

    /** The other end's transport: what it writes, the reader reads. */
    MemoryTransport peer() {
        return transport.peerTransport();
    }

    /** What the other end received from the writer. */
    RecordingProtocol recorder() {
        return transport.peer();
    }

    StreamFixture send(String text) {
        peer().write(text);
        return this;
    }

    /** Runs everything that is ready. */
    StreamFixture run() {
        loop.runReady();
        return this;
    }

    /** The text of a completed read, releasing its buffer. */
    static String text(Future<ByteBuf> read) {
        ByteBuf buf = read.result();
        try {
            return Buffers.text(buf);
        } finally {
            buf.release();
        }
    }

    void close() {
        if (!transport.isClosing()) {
            transport.abort();
        }
        loop.runReady();
        loop.close();
    }
}
