package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams over real TCP on loopback: the server and the client are both Corio streams. */
class StreamsTcpTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void aLineServerAnswersAClientOverTcp() {
        String reply = loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(10), () -> {
            Server server = Streams.startServer(loop, (reader, writer) -> {
                String line;
                while ((line = reader.readLine().await()) != null) {
                    writer.send(line.toUpperCase() + "\n").await();
                }
            }, "127.0.0.1", 0).await();
            try {
                StreamPair c = Streams.openConnection(loop, "127.0.0.1", server.port()).await();
                c.writer().send("hello\nworld\n").await();
                String answer = c.reader().readLine().await() + " " + c.reader().readLine().await();
                c.writer().writeEof();
                assertThat(c.reader().readLine().await()).isNull(); // the handler returned: writer closed
                c.writer().close();
                c.writer().waitClosed().await();
                return answer;
            } finally {
                server.close();
                server.waitClosed().await();
            }
        }));
        assertThat(reply).isEqualTo("HELLO WORLD");
    }

    @Test
    void sendWaitsWhileThePeerDoesNotReadAndResumesWhenItDoes() {
        int chunk = 64 * 1024;
        int chunks = 512; // 32 MiB: more than the kernel's socket buffers hold
        long received = loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), () -> {
            Future<Integer> blockedAfter = loop.createFuture();
            Server server = Streams.startServer(loop, (reader, writer) -> {
                byte[] block = new byte[chunk];
                for (int i = 0; i < chunks; i++) {
                    Future<Void> drained = writer.send(block);
                    if (!drained.isDone() && !blockedAfter.isDone()) {
                        blockedAfter.setResult(i + 1);
                    }
                    drained.await();
                }
            }, "127.0.0.1", 0, ServerOptions.DEFAULTS.withWriteBufferLimits(chunk, chunk / 4)).await();
            try {
                StreamPair c = Streams.openConnection(loop, "127.0.0.1", server.port()).await();
                int sentBeforeBlocking = blockedAfter.await();
                assertThat(sentBeforeBlocking).isLessThan(chunks);
                assertThat(c.reader().buffered()).isLessThanOrEqualTo(c.reader().limit() + 256 * 1024);
                long total = 0;
                while (true) {
                    ByteBuf data = c.reader().read(1 << 20).await();
                    try {
                        if (!data.isReadable()) {
                            break;
                        }
                        total += data.readableBytes();
                    } finally {
                        data.release();
                    }
                }
                c.writer().close();
                return total;
            } finally {
                server.close();
                server.waitClosed().await();
            }
        }));
        assertThat(received).isEqualTo((long) chunk * chunks);
    }
}
