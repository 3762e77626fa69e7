package io.corio.servers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A hostile TCP client for the bounded-memory tests: it writes the same block over and over and never reads, so
 * whatever the server answers piles up unless the server stops reading. Its receive buffer is small (4 KiB), so
 * the kernel holds little of the answers for it. Blocking JDK socket, for a thread of its own.
 */
public final class NonReadingClient implements AutoCloseable {
    /** How long no byte may go out before the client counts the server as having stopped reading. */
    public static final Duration STALL = Duration.ofMillis(400);

    private final SocketChannel channel;

    private NonReadingClient(SocketChannel channel) {
        this.channel = channel;
    }

    public static NonReadingClient connect(int port) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        return new NonReadingClient(channel);
    }

    /**
     * Writes {@code block} repeatedly, without blocking, until {@code limit} bytes went out or none did for
     * {@link #STALL}.
     *
     * @return the bytes sent
     */
    public long sendUntilStalled(ByteBuffer block, long limit) throws IOException, InterruptedException {
        channel.configureBlocking(false);
        long sent = 0;
        long lastProgress = System.nanoTime();
        while (sent < limit && System.nanoTime() - lastProgress < STALL.toNanos()) {
            if (!block.hasRemaining()) {
                block.rewind();
            }
            int n = channel.write(block);
            if (n > 0) {
                sent += n;
                lastProgress = System.nanoTime();
            } else {
                Thread.sleep(1);
            }
        }
        return sent;
    }

    /** Writes {@code bytes} once, blocking. */
    public void send(ByteBuffer bytes) throws IOException {
        channel.configureBlocking(true);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
