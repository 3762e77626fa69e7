package io.corio.transports;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** connectReadPipe/connectWritePipe over real {@link Pipe}s. */
class PipeTransportTest {
    private static final int TEN_MIB = 10 * 1024 * 1024;

    private final EventLoop loop = EventLoop.create();
    private final Pipe pipe;

    PipeTransportTest() throws IOException {
        pipe = Pipe.open();
    }

    @AfterEach
    void close() throws IOException {
        loop.close();
        pipe.source().close();
        pipe.sink().close();
    }

    /** Byte {@code i} of every stream these tests send: not periodic at any power of two. */
    static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 13));
    }

    /** Writes {@code total} pattern bytes in 50,000-byte buffers, honouring pauseWriting, then writeEof. */
    static class Pump extends RecordingProtocol {
        final long total;
        final CRC32 crc = new CRC32();
        long sent;
        int pauses;
        int resumes;
        boolean paused;

        Pump(long total) {
            this.total = total;
        }

        @Override
        public void connectionMade(Transport transport) {
            super.connectionMade(transport);
            pump();
        }

        @Override
        public void pauseWriting() {
            pauses++;
            paused = true;
        }

        @Override
        public void resumeWriting() {
            resumes++;
            paused = false;
            pump();
        }

        private void pump() {
            while (!paused && sent < total) {
                int n = (int) Math.min(50_000, total - sent);
                byte[] chunk = new byte[n];
                for (int i = 0; i < n; i++) {
                    chunk[i] = pattern(sent + i);
                }
                crc.update(chunk);
                ByteBuf buf = Buffers.allocator().directBuffer(n).writeBytes(chunk);
                sent += n;
                transport().write(buf);
            }
            if (sent == total) {
                transport().writeEof();
            }
        }
    }

    /** Counts and checksums what arrives; remembers order of eof and lost. */
    static final class Sink extends RecordingProtocol {
        final CRC32 crc = new CRC32();
        long received;

        @Override
        public void dataReceived(ByteBuf data) {
            received += data.readableBytes();
            crc.update(data.nioBuffer());
        }
    }

    @Test
    void tenMebibytesPassByteExactFromWriteToReadTransportOnOneLoop() {
        var pump = new Pump(TEN_MIB);
        var sink = new Sink();
        loop.runUntilComplete(() -> {
            Pipes.connectReadPipe(loop, () -> sink, pipe.source()).await();
            Pipes.connectWritePipe(loop, () -> pump, pipe.sink()).await();
            sink.whenLost().await();
            pump.whenLost().await();
            return null;
        });
        assertThat(sink.received).isEqualTo(TEN_MIB);
        assertThat(sink.crc.getValue()).isEqualTo(pump.crc.getValue());
        assertThat(sink.events()).containsExactly("connectionMade", "eof", "lost");
        assertThat(pump.cause()).isNull();
        assertThat(pump.pauses).as("pauses").isPositive().isEqualTo(pump.resumes);
    }

    @Test
    void tenMebibytesPassByteExactBetweenTwoLoops() throws Exception {
        var pump = new Pump(TEN_MIB);
        var sink = new Sink();
        try (var readerLoop = EventLoop.create()) {
            Future<Transport> reading = Pipes.connectReadPipe(readerLoop, () -> sink, pipe.source());
            var readerThread = Thread.ofPlatform().name("reader-loop").start(() -> readerLoop.runUntilComplete(() -> {
                reading.await();
                sink.whenLost().await();
                return null;
            }));
            loop.runUntilComplete(() -> {
                Pipes.connectWritePipe(loop, () -> pump, pipe.sink()).await();
                pump.whenLost().await();
                return null;
            });
            readerThread.join();
        }
        assertThat(sink.received).isEqualTo(TEN_MIB);
        assertThat(sink.crc.getValue()).isEqualTo(pump.crc.getValue());
        assertThat(sink.eofSeen()).isTrue();
        assertThat(sink.lostCalls()).isEqualTo(1);
    }

    /** Writes {@code n} pattern bytes in one buffer. */
    static ByteBuf bytes(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = pattern(i);
        }
        return Buffers.allocator().directBuffer(n).writeBytes(data);
    }

    /** Reads and drops what is in the raw source; returns the byte count, -1 at EOF with nothing read. */
    static long drain(Pipe.SourceChannel source) {
        var buf = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        try {
            int n;
            while ((n = source.read(buf.clear())) > 0) {
                total += n;
            }
            return n < 0 && total == 0 ? -1 : total;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pauseWritingComesStrictlyAboveTheHighMarkAndResumeWritingAtTheLowMark() throws Exception {
        long[] sizeAtPause = {-1};
        long[] sizeAtResume = {-1};
        var writer = new RecordingProtocol() {
            @Override
            public void pauseWriting() {
                super.pauseWriting();
                sizeAtPause[0] = transport().writeBufferSize();
            }

            @Override
            public void resumeWriting() {
                super.resumeWriting();
                sizeAtResume[0] = transport().writeBufferSize();
                loop.stop();
            }
        };
        Transport t = loop.runUntilComplete(Pipes.connectWritePipe(loop, () -> writer, pipe.sink()));
        t.setWriteBufferLimits(64 * 1024, 16 * 1024);
        while (!writer.events().contains("pauseWriting")) {
            long before = t.writeBufferSize();
            t.write(bytes(10_000));
            if (!writer.events().contains("pauseWriting")) {
                assertThat(t.writeBufferSize()).as("not paused at or below the high mark").isLessThanOrEqualTo(65_536);
            } else {
                assertThat(before).isLessThanOrEqualTo(65_536);
            }
        }
        assertThat(sizeAtPause[0]).isGreaterThan(65_536);
        pipe.source().configureBlocking(false);
        loop.addReader(pipe.source(), () -> drain(pipe.source()));
        loop.runForever();
        assertThat(sizeAtResume[0]).isLessThanOrEqualTo(16 * 1024);
        assertThat(writer.events()).containsExactly("connectionMade", "pauseWriting", "resumeWriting");
        t.abort();
    }

    @Test
    void writeEofReachesTheReaderAsEofAfterTheData() {
        var sink = new RecordingProtocol();
        var writer = new RecordingProtocol();
        loop.runUntilComplete(() -> {
            Pipes.connectReadPipe(loop, () -> sink, pipe.source()).await();
            Transport t = Pipes.connectWritePipe(loop, () -> writer, pipe.sink()).await();
            t.write("hello");
            t.writeEof();
            assertThat(t.isClosing()).isTrue();
            sink.whenLost().await();
            writer.whenLost().await();
            return null;
        });
        assertThat(sink.text()).isEqualTo("hello");
        assertThat(sink.events()).containsExactly("connectionMade", "data:5", "eof", "lost");
        assertThat(writer.events()).containsExactly("connectionMade", "lost");
    }

    @Test
    void closingTheReadEndLosesTheWriteTransportWithABrokenPipe() throws Exception {
        var writer = new RecordingProtocol();
        Transport t = loop.runUntilComplete(Pipes.connectWritePipe(loop, () -> writer, pipe.sink()));
        pipe.source().close();
        loop.runUntilComplete(() -> {
            t.write("anyone there?");
            writer.whenLost().await();
            return null;
        });
        assertThat(writer.lostCalls()).isEqualTo(1);
        assertThat(writer.cause()).isInstanceOf(IOException.class).hasMessageContaining("Broken pipe");
        assertThat(pipe.sink().isOpen()).as("the transport closed its channel").isFalse();
    }

    @Test
    void abortDropsBufferedDataAndClosesThePipe() throws Exception {
        var writer = new RecordingProtocol();
        Transport t = loop.runUntilComplete(Pipes.connectWritePipe(loop, () -> writer, pipe.sink()));
        t.write(bytes(1024 * 1024));
        assertThat(t.writeBufferSize()).as("the pipe did not take it all").isPositive();
        t.abort();
        assertThat(t.writeBufferSize()).isZero();
        loop.runUntilComplete(writer.whenLost());
        pipe.source().configureBlocking(true);
        long got = 0;
        var buf = ByteBuffer.allocate(64 * 1024);
        int n;
        while ((n = pipe.source().read(buf.clear())) > 0) {
            got += n;
        }
        assertThat(got).as("bytes that reached the reader").isLessThan(1024 * 1024);
        assertThat(writer.events()).containsExactly("connectionMade", "pauseWriting", "lost");
    }

    @Test
    void closeFlushesWhatIsBufferedBeforeClosing() {
        var sink = new Sink();
        loop.runUntilComplete(() -> {
            Pipes.connectReadPipe(loop, () -> sink, pipe.source()).await();
            Transport t = Pipes.connectWritePipe(loop, () -> new RecordingProtocol(), pipe.sink()).await();
            t.write(bytes(1024 * 1024));
            t.close();
            sink.whenLost().await();
            return null;
        });
        assertThat(sink.received).isEqualTo(1024 * 1024);
        assertThat(sink.events()).containsExactly("connectionMade", "eof", "lost");
    }

    @Test
    void userCodeCannotWatchAChannelThatATransportUses() {
        var sink = new RecordingProtocol();
        Transport t = loop.runUntilComplete(Pipes.connectReadPipe(loop, () -> sink, pipe.source()));
        assertThatThrownBy(() -> loop.addReader(pipe.source(), () -> { }))
                .isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("PipeReadTransport");
        assertThatThrownBy(() -> loop.removeReader(pipe.source())).isInstanceOf(InvalidStateException.class);
        assertThat(t.isReading()).isTrue();
        t.close();
    }

    @Test
    void theReadTransportRefusesWritesAndReleasesTheBuffer() {
        var sink = new RecordingProtocol();
        Transport t = loop.runUntilComplete(Pipes.connectReadPipe(loop, () -> sink, pipe.source()));
        ByteBuf data = bytes(10);
        assertThatThrownBy(() -> t.write(data)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(data.refCnt()).isZero();
        t.close();
    }

    @Test
    void aClosedChannelFailsTheFuture() throws Exception {
        pipe.sink().close();
        Future<Transport> f = Pipes.connectWritePipe(loop, RecordingProtocol::new, pipe.sink());
        assertThat(f.isDone()).isTrue();
        assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(ClosedResourceException.class);
    }

    @Test
    void pausedReadingStopsDataUntilResumed() throws Exception {
        var sink = new RecordingProtocol();
        Transport t = loop.runUntilComplete(Pipes.connectReadPipe(loop, () -> sink, pipe.source()));
        t.pauseReading();
        pipe.sink().write(ByteBuffer.wrap("later".getBytes()));
        loop.runUntilComplete(() -> {
            io.corio.loop.Async.sleep(java.time.Duration.ofMillis(50));
            assertThat(sink.size()).isZero();
            t.resumeReading();
            pipe.sink().close();
            sink.whenLost().await();
            return null;
        });
        assertThat(sink.text()).isEqualTo("later");
    }

    @Test
    void aBufferedProtocolReceivesIntoItsOwnBuffer() {
        var pump = new Pump(1024 * 1024);
        var crc = new CRC32();
        long[] received = {0};
        Future<Void> lost = loop.createFuture();
        var buffered = new BufferedProtocol() {
            private final ByteBuf own = Buffers.allocator().heapBuffer(4096);

            @Override
            public ByteBuf getBuffer(int sizeHint) {
                return own.clear();
            }

            @Override
            public void bufferUpdated(int n) {
                received[0] += n;
                crc.update(own.array(), own.arrayOffset(), n);
            }

            @Override
            public void connectionLost(Throwable cause) {
                own.release();
                lost.setResult(null);
            }
        };
        loop.runUntilComplete(() -> {
            Pipes.connectReadPipe(loop, () -> buffered, pipe.source()).await();
            Pipes.connectWritePipe(loop, () -> pump, pipe.sink()).await();
            lost.await();
            return null;
        });
        assertThat(received[0]).isEqualTo(1024 * 1024);
        assertThat(crc.getValue()).isEqualTo(pump.crc.getValue());
    }

    @Test
    void aFactoryThatFailsFailsTheFutureAndLeavesTheChannelOpen() {
        Future<Transport> threw = Pipes.connectReadPipe(loop, () -> {
            throw new IllegalStateException("no protocol today");
        }, pipe.source());
        assertThatThrownBy(() -> loop.runUntilComplete(threw)).hasMessage("no protocol today");
        Future<Transport> gaveNull = Pipes.connectWritePipe(loop, () -> null, pipe.sink());
        assertThatThrownBy(() -> loop.runUntilComplete(gaveNull))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
        assertThat(pipe.source().isOpen()).isTrue();
        assertThat(pipe.sink().isOpen()).isTrue();
    }

    @Test
    void aReaderThatPausesPausesTheWriterThroughThePipe() {
        var sink = new Sink();
        var pump = new Pump(4L * 1024 * 1024) {
            @Override
            public void pauseWriting() {
                super.pauseWriting();
                if (pauses == 1) {
                    loop.callLater(java.time.Duration.ofMillis(20), () -> sink.transport().resumeReading());
                }
            }
        };
        loop.runUntilComplete(() -> {
            Transport in = Pipes.connectReadPipe(loop, () -> sink, pipe.source()).await();
            in.pauseReading();
            assertThat(in.isReading()).isFalse();
            Pipes.connectWritePipe(loop, () -> pump, pipe.sink()).await();
            assertThat(pump.pauses).as("paused while the reader does not read").isEqualTo(1);
            assertThat(sink.received).isZero();
            sink.whenLost().await();
            return null;
        });
        assertThat(sink.received).isEqualTo(4L * 1024 * 1024);
        assertThat(sink.crc.getValue()).isEqualTo(pump.crc.getValue());
        assertThat(pump.resumes).isEqualTo(pump.pauses);
    }
}
