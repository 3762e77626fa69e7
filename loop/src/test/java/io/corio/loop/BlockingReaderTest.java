package io.corio.loop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BlockingReader on a file, a child process's stdout and a failing stream. */
class BlockingReaderTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Counts what arrives; completes {@code done} at the end. */
    private static class Counter implements BlockingReader.Handler {
        final Future<Void> done;
        final ByteArrayOutputStream kept;
        long bytes;
        int eofs;
        int failures;
        Throwable cause;
        BlockingReader reader;

        BlockingReader reader() {
            return reader;
        }

        Counter(EventLoop loop, boolean keep) {
            done = loop.createFuture();
            kept = keep ? new ByteArrayOutputStream() : null;
        }

        @Override
        public void dataReceived(byte[] chunk) {
            bytes += chunk.length;
            if (kept != null) {
                kept.writeBytes(chunk);
            }
        }

        @Override
        public void eofReceived() {
            eofs++;
            done.setResult(null);
        }

        @Override
        public void readFailed(Throwable cause) {
            failures++;
            this.cause = cause;
            done.setResult(null);
        }
    }

    @Test
    void aFileArrivesByteExactWithOneEof(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(5).nextBytes(content);
        Path file = Files.write(dir.resolve("data.bin"), content);
        var counter = new Counter(loop, true);
        var reader = BlockingReader.start(loop, FileChannel.open(file), counter, 8192);
        loop.runUntilComplete(counter.done);
        assertThat(counter.kept.toByteArray()).isEqualTo(content);
        assertThat(counter.eofs).isEqualTo(1);
        assertThat(counter.failures).isZero();
        assertThat(reader.bytesRead()).isEqualTo(content.length);
    }

    @Test
    void aProcessStdoutArrivesWithTheExactByteCount() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "yes | head -c 10000000").start();
        var counter = new Counter(loop, false);
        BlockingReader.start(loop, child.getInputStream(), counter);
        loop.runUntilComplete(counter.done);
        assertThat(counter.bytes).isEqualTo(10_000_000L);
        assertThat(counter.eofs).isEqualTo(1);
        assertThat(child.waitFor()).isZero();
    }

    @Test
    void aPausedConsumerStopsTheReaderSoMemoryStaysBounded() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "yes | head -c 10000000").start();
        int chunk = 16 * 1024;
        var counter = new Counter(loop, false) {
            private boolean pausedOnce;

            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                if (!pausedOnce && bytes >= chunk) {
                    pausedOnce = true;
                    reader().pause();   // the consumer stops once, after its first 16 KiB
                }
            }
        };
        var reader = BlockingReader.start(loop, child.getInputStream(), counter, chunk);
        counter.reader = reader;
        loop.callLater(Duration.ofMillis(300), loop::stop);
        loop.runForever();
        assertThat(counter.bytes).as("delivered before resume").isLessThan(10_000_000L);
        assertThat(reader.bytesRead() - counter.bytes).as("read but not delivered").isLessThanOrEqualTo(2L * chunk);
        reader.resume();
        loop.runUntilComplete(counter.done);
        assertThat(counter.bytes).isEqualTo(10_000_000L);
        assertThat(counter.eofs).isEqualTo(1);
        child.waitFor();
    }

    @Test
    void aReadErrorIsDeliveredOnceAfterTheDataBeforeIt() {
        InputStream failing = new InputStream() {
            private int calls;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (calls++ == 0) {
                    b[off] = 42;
                    return 1;
                }
                throw new IOException("disk on fire");
            }
        };
        var counter = new Counter(loop, true);
        BlockingReader.start(loop, failing, counter);
        loop.runUntilComplete(counter.done);
        assertThat(counter.kept.toByteArray()).containsExactly(42);
        assertThat(counter.failures).isEqualTo(1);
        assertThat(counter.eofs).isZero();
        assertThat(counter.cause).hasMessage("disk on fire");
    }

    @Test
    void stopEndsAPausedReaderWithoutFurtherCallbacks() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "yes | head -c 10000000").start();
        var counter = new Counter(loop, false);
        var reader = BlockingReader.start(loop, child.getInputStream(), counter);
        reader.pause();
        reader.stop();
        loop.callLater(Duration.ofMillis(100), loop::stop);
        loop.runForever();
        assertThat(counter.eofs + counter.failures).isZero();
        assertThat(counter.bytes).isZero();
        child.destroy();
        child.waitFor();
        assertThat(reader.awaitDone(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void closingTheLoopEndsAWaitingReaderThread() throws Exception {
        Process child = new ProcessBuilder("sh", "-c", "yes | head -c 10000000").start();
        var other = EventLoop.create();
        var reader = BlockingReader.start(other, child.getInputStream(), new Counter(other, false));
        reader.pause();
        other.close();
        assertThat(reader.awaitDone(Duration.ofSeconds(5))).as("the reader thread ended after its loop closed")
                .isTrue();
        child.destroy();
        child.waitFor();
    }

    @Test
    void badArgumentsAreRefusedWithClearErrors(@TempDir Path dir) throws Exception {
        var counter = new Counter(loop, false);
        var in = new java.io.ByteArrayInputStream(new byte[1]);
        assertThatThrownBy(() -> BlockingReader.start(loop, in, counter, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize");
        assertThatThrownBy(() -> BlockingReader.start(loop, in, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("handler");
        try (var pipe = java.nio.channels.Pipe.open().source()) {
            pipe.configureBlocking(false);
            assertThatThrownBy(() -> BlockingReader.start(loop, pipe, counter, 1024))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("addReader");
        }
        var closed = EventLoop.create();
        closed.close();
        assertThatThrownBy(() -> BlockingReader.start(closed, in, counter))
                .isInstanceOf(ClosedResourceException.class);
    }
}
