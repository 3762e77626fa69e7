package io.corio.transports.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write queue copies buffers that hold far more memory than bytes (a retained 64 KiB read holding a few bytes)
 * and appends later small writes to its own copy: the bytes still leave in order, around file regions too, and
 * the big buffers are released at once.
 */
class WriteQueueCompactionTest {
    private final EventLoop loop = EventLoop.create();

    @TempDir
    Path dir;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A 64 KiB pooled buffer holding only {@code text}, as a retained read buffer would. */
    private static ByteBuf bigHolding(String text) {
        ByteBuf buf = Buffers.allocator().directBuffer(64 * 1024);
        return buf.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private String flushTo(WriteQueue queue, Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            queue.flush(out, new ByteBuffer[IoContext.MAX_GATHER]);
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    @Test
    void smallBytesInBigBuffersAreCopiedReleasedAndSentInOrder() throws IOException {
        var queue = new WriteQueue();
        ByteBuf first = bigHolding("a");
        ByteBuf second = bigHolding("bc");
        ByteBuf whole = Buffers.copyOf("-exact-".getBytes(StandardCharsets.US_ASCII));

        queue.add(first);
        queue.add(second);
        queue.add(whole);
        queue.add(bigHolding("d"));

        assertThat(first.refCnt()).as("copied, then released").isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(whole.refCnt()).as("a buffer its own size is queued as it is").isOne();
        assertThat(queue.bytes()).isEqualTo(11);
        assertThat(flushTo(queue, dir.resolve("out"))).isEqualTo("abc-exact-d");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void writesAfterAFileRegionAreNeverAppendedToACopyBeforeIt() throws IOException {
        Path source = Files.writeString(dir.resolve("in"), "FILE");
        var queue = new WriteQueue();
        try (FileChannel file = FileChannel.open(source)) {
            queue.add(bigHolding("x"));
            queue.addFile(new FileRegion(file, 0, 4, loop.createFuture()));
            queue.add(bigHolding("y"));

            assertThat(flushTo(queue, dir.resolve("out"))).isEqualTo("xFILEy");
        }
    }
}
