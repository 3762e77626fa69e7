package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.internal.ChunkedFileSender;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Not a test: a one-off measurement of {@code sendFile} over TCP loopback, zero-copy (sendfile(2)) against the
 * chunked fallback (64 KiB reads into pooled buffers, as TLS uses) on the same socket transport. A plain thread
 * reads and discards on the other end. Prints wall time, the loop thread's CPU time and the process CPU time.
 * Run: {@code java -cp <test classpath> io.corio.transports.SendFileMeasurement [MiB]}.
 */
public final class SendFileMeasurement {
    private SendFileMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path path = Files.createTempFile("corio-measure-", ".bin");
        try {
            byte[] block = new byte[1024 * 1024];
            new Random(1).nextBytes(block);
            try (var out = FileChannel.open(path, StandardOpenOption.WRITE)) {
                for (int i = 0; i < mib; i++) {
                    out.write(ByteBuffer.wrap(block));
                }
            }
            try (var file = FileChannel.open(path, StandardOpenOption.READ)) {
                for (int round = 0; round < 3; round++) {   // the first round warms up the JIT and the page cache
                    measure(true, file, round);
                    measure(false, file, round);
                }
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static void measure(boolean zeroCopy, FileChannel file, int round) throws Exception {
        long size = file.size();
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long loopThread = Thread.currentThread().threadId();   // runUntilComplete runs the loop on this thread
        try (EventLoop loop = EventLoop.create()) {
            String line = loop.runUntilComplete(() -> {
                Future<Transport> accepted = loop.createFuture();
                ChunkedFileSender[] sender = new ChunkedFileSender[1];
                Server server = Network.createServer(loop, () -> new Protocol() {
                    @Override
                    public void connectionMade(Transport t) {
                        accepted.setResult(t);
                    }

                    @Override
                    public void resumeWriting() {
                        if (sender[0] != null) {
                            sender[0].resumed();
                        }
                    }
                }, "127.0.0.1", 0).await();
                Thread reader = Thread.ofPlatform().start(() -> drain(server.port(), size));
                Transport t = accepted.await();
                long wall = System.nanoTime();
                long loopCpu = threads.getThreadCpuTime(loopThread);
                long processCpu = os.getProcessCpuTime();
                if (zeroCopy) {
                    t.sendFile(file, 0, size).await();
                } else {
                    sender[0] = new ChunkedFileSender(t, t::write, () -> { });
                    sender[0].send(file, 0, size).await();
                }
                loop.runInExecutor(null, () -> {
                    reader.join();
                    return null;
                }).await();
                wall = System.nanoTime() - wall;
                loopCpu = threads.getThreadCpuTime(loopThread) - loopCpu;
                processCpu = os.getProcessCpuTime() - processCpu;
                t.close();
                server.close();
                server.waitClosed().await();
                return String.format("round %d %-9s %d MiB: wall %4d ms (%5.0f MiB/s), loop thread CPU %4d ms,"
                                + " process CPU %4d ms", round, zeroCopy ? "zero-copy" : "chunked", size >> 20,
                        wall / 1_000_000, (size / 1048576.0) / (wall / 1e9), loopCpu / 1_000_000,
                        processCpu / 1_000_000);
            });
            System.out.println(line);
        }
    }

    /** Reads {@code size} bytes from the server and drops them. */
    private static void drain(int port, long size) {
        try (var channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
            long total = 0;
            while (total < size) {
                buf.clear();
                int n = channel.read(buf);
                if (n < 0) {
                    throw new IllegalStateException("EOF after " + total + " of " + size + " bytes");
                }
                total += n;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
