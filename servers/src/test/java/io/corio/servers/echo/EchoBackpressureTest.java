package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading its answers, over real TCP: the echo must stop reading too (so the client's writes
 * back up in the kernel), and its write buffer must stay near the high-water mark instead of holding everything.
 */
class EchoBackpressureTest {
    private static final int HIGH = ServerOptions.DEFAULT_WRITE_HIGH;
    private static final int READ_SIZE = ServerOptions.DEFAULT_READ_BUFFER_SIZE;
    private static final long TOTAL = 32L << 20; // far more than the kernel buffers on both sides hold

    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Watches the echo's transport after every read; loop thread only, except the latch. */
    static final class Watch implements Protocol {
        final Protocol echo;
        final CountDownLatch paused = new CountDownLatch(1);
        Transport transport;
        volatile long maxBuffered;
        volatile int readWhileOverHigh;

        Watch(Protocol echo) {
            this.echo = echo;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            echo.connectionMade(t);
        }

        @Override
        public void dataReceived(ByteBuf data) {
            echo.dataReceived(data);
            maxBuffered = Math.max(maxBuffered, transport.writeBufferSize());
            if (transport.writeBufferSize() > HIGH && transport.isReading()) {
                readWhileOverHigh++;
            }
        }

        @Override
        public boolean eofReceived() {
            return echo.eofReceived();
        }

        @Override
        public void pauseWriting() {
            echo.pauseWriting();
            paused.countDown();
        }

        @Override
        public void resumeWriting() {
            echo.resumeWriting();
        }

        @Override
        public void connectionLost(Throwable cause) {
            echo.connectionLost(cause);
        }
    }

    private static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 11));
    }

    @Test
    void aClientThatStopsReadingStopsTheEchoReadingAndItsBufferStaysNearTheHighMark() {
        EchoService service = EchoService.create(loop);
        var watch = new AtomicReference<Watch>();
        Server server = loop.runUntilComplete(Network.createServer(loop, () -> {
            watch.set(new Watch(service.newProtocol()));
            return watch.get();
        }, "127.0.0.1", 0));

        long received = OffLoop.run(loop, () -> {
            try (SocketChannel channel = SocketChannel.open()) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
                channel.connect(new InetSocketAddress("127.0.0.1", server.port()));
                var failure = new AtomicReference<IOException>();
                Thread writer = Thread.ofPlatform().start(() -> write(channel, failure));
                boolean pausedBeforeAnyRead = waitForPause(watch);
                long count = readAndCheck(channel);
                writer.join();
                assertThat(failure.get()).isNull();
                assertThat(pausedBeforeAnyRead).isTrue();
                return count;
            }
        });

        assertThat(received).isEqualTo(TOTAL);
        assertThat(watch.get().readWhileOverHigh).isZero();
        assertThat(watch.get().maxBuffered).isGreaterThan(HIGH).isLessThanOrEqualTo(HIGH + READ_SIZE);
        server.close();
        loop.runUntilComplete(service.drain());
    }

    private static boolean waitForPause(AtomicReference<Watch> watch) throws InterruptedException {
        while (watch.get() == null) {
            Thread.onSpinWait();
        }
        return watch.get().paused.await(OffLoop.LIMIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void write(SocketChannel channel, AtomicReference<IOException> failure) {
        var block = ByteBuffer.allocate(64 * 1024);
        try {
            for (long sent = 0; sent < TOTAL; sent += block.capacity()) {
                block.clear();
                for (int i = 0; i < block.capacity(); i++) {
                    block.put(pattern(sent + i));
                }
                channel.write(block.flip());
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            failure.set(e);
        }
    }

    private static long readAndCheck(SocketChannel channel) throws IOException {
        var buffer = ByteBuffer.allocate(64 * 1024);
        long count = 0;
        while (channel.read(buffer.clear()) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b != pattern(count)) {
                    throw new AssertionError("byte " + count + " differs");
                }
                count++;
            }
        }
        return count;
    }
}
