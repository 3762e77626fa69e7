package io.corio.protocols.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.testing.TestLoop;
import io.corio.transports.testing.MemoryTransport;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adaptive read size of the stream reader, driven as a socket transport drives a BufferedProtocol. */
class StreamProtocolReadSizeTest {
    private final TestLoop loop = TestLoop.create();
    private final StreamProtocol reader = new StreamProtocol(1 << 20, null);
    private final MemoryTransport transport = MemoryTransport.open(loop, reader);

    @AfterEach
    void close() {
        transport.abort();   // the reader releases what it buffered
        loop.runReady();
        loop.close();
    }

    /** One transport read: fills the offered buffer when {@code full}, else writes {@code n} bytes. */
    private void read(boolean full, int n) {
        ByteBuf target = reader.getBuffer(64 * 1024);
        int got = full ? target.writableBytes() : n;
        target.writerIndex(target.writerIndex() + got);
        reader.bufferUpdated(got);
    }

    @Test
    void aShortTailAfterAFullReadDoesNotUndoTheGrowth() {
        int before = reader.readGuess();
        read(true, 0);
        read(false, 16);                 // the tail of the same message
        assertThat(reader.readGuess()).isEqualTo(before * 2);
    }

    @Test
    void twoSmallReadsInARowShrinkTheReadSize() {
        read(true, 0);
        read(true, 0);
        int grown = reader.readGuess();
        read(false, 16);
        assertThat(reader.readGuess()).isEqualTo(grown);
        read(false, 16);
        assertThat(reader.readGuess()).isEqualTo(grown / 2);
    }
}
