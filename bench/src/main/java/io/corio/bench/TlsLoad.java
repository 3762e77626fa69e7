package io.corio.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS echo load driver (the shared harness's C loadgen speaks no TLS): N connections, each sending a SIZE-byte
 * message and waiting for the whole echo before sending the next (closed loop, one request on the wire per
 * connection), for D seconds after W seconds of warm-up. One thread, one selector, one JDK {@link SSLEngine} per
 * connection, trusting only the given certificate, so the client does the same TLS work per byte as the server
 * and no more.
 *
 * <pre>
 * taskset -c 1 java -cp bench/target/corio-bench.jar io.corio.bench.TlsLoad \
 *     --port 25300 --cert cert.pem --conns 100 --size 10240 --dur 10 --warmup 3 --pgid SERVER_PGID
 * </pre>
 *
 * With {@code --pgid} it sums utime+stime of every process in that process group from {@code /proc} at the start
 * and end of the measured window: the server's CPU seconds per request, which stays meaningful when this client
 * is the bottleneck (TLS costs the client as much as the server, so on two cores it often is). The last line is
 * machine-readable: {@code RESULT mode=tls size=.. conns=.. dur=.. reqs=.. rps=.. mibps=.. p50_us=.. p99_us=..
 * errors=.. client_cpu_pct=.. server_cpu_pct=.. server_cpu_us_per_req=.. protocol=.. cipher=..}.
 */
public final class TlsLoad {
    private static final long CLOCK_TICKS_PER_SECOND = 100;  // USER_HZ, 100 on every Linux this runs on
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final Options opt;
    private final SSLContext context;
    private final ByteBuffer message;
    private final LatencyHistogram latency = new LatencyHistogram();
    private long measuredRequests;
    private long errors;
    private boolean measuring;
    private String negotiated = "protocol= cipher=";

    private TlsLoad(Options opt) throws Exception {
        this.opt = opt;
        this.context = clientContext(opt.cert);
        byte[] bytes = new byte[opt.size];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        this.message = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    record Options(String host, int port, Path cert, int conns, int size, double dur, double warmup, int pgid,
                   String cipher, String protocol) {
        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 0;
            Path cert = null;
            int conns = 100;
            int size = 10240;
            double dur = 10;
            double warmup = 3;
            int pgid = 0;
            String cipher = null;
            String protocol = "TLSv1.3";
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--host" -> host = v;
                    case "--port" -> port = Integer.parseInt(v);
                    case "--cert" -> cert = Path.of(v);
                    case "--conns" -> conns = Integer.parseInt(v);
                    case "--size" -> size = Integer.parseInt(v);
                    case "--dur" -> dur = Double.parseDouble(v);
                    case "--warmup" -> warmup = Double.parseDouble(v);
                    case "--pgid" -> pgid = Integer.parseInt(v);
                    case "--cipher" -> cipher = v;
                    case "--protocol" -> protocol = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0 || port <= 0 || cert == null || conns <= 0 || size <= 0 || dur <= 0) {
                throw new IllegalArgumentException("usage: TlsLoad --port P --cert CERT.pem [--host 127.0.0.1]"
                        + " [--conns 100] [--size 10240] [--dur 10] [--warmup 3] [--pgid SERVER_PGID]"
                        + " [--cipher TLS_AES_128_GCM_SHA256] [--protocol TLSv1.3]");
            }
            return new Options(host, port, cert, conns, size, dur, warmup, pgid, cipher, protocol);
        }
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new TlsLoad(opt).run());
    }

    private static SSLContext clientContext(Path certFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("bench-" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private int run() throws IOException {
        var selector = Selector.open();
        var conns = new ArrayList<Conn>(opt.conns);
        for (int i = 0; i < opt.conns; i++) {
            conns.add(new Conn(selector));
        }
        long start = System.nanoTime();
        long measureStart = start + (long) (opt.warmup * 1e9);
        long end = measureStart + (long) (opt.dur * 1e9);
        long cpu0 = 0;
        long server0 = 0;
        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureStart) {
                measuring = true;
                cpu0 = processCpuNanos();
                server0 = serverTicks();
            }
            if (now >= end) {
                break;
            }
            selector.select(Math.clamp(((measuring ? end : measureStart) - now) / 1_000_000, 1, 100));
            for (var key : selector.selectedKeys()) {
                ((Conn) key.attachment()).ready(key);
            }
            selector.selectedKeys().clear();
            if (conns.stream().noneMatch(c -> c.alive)) {
                System.err.println("TlsLoad: every connection failed");
                break;
            }
        }
        long cpu1 = processCpuNanos();
        long server1 = serverTicks();
        for (Conn c : conns) {
            c.closeQuietly();
        }
        selector.close();
        if (!measuring) {
            return 3;
        }
        report(cpu1 - cpu0, server1 - server0);
        return measuredRequests > 0 ? 0 : 3;
    }

    private void report(long clientCpuNanos, long serverTicks) {
        double rps = measuredRequests / opt.dur;
        double mibps = rps * opt.size * 2 / (1 << 20);  // both directions, as loadgen counts
        double clientPct = clientCpuNanos / 1e9 / opt.dur * 100;
        String server = "server_cpu_s= server_cpu_pct= server_cpu_us_per_req=";
        if (opt.pgid > 0) {
            double serverSeconds = serverTicks / (double) CLOCK_TICKS_PER_SECOND;
            double usPerReq = measuredRequests > 0 ? serverSeconds * 1e6 / measuredRequests : 0;
            server = String.format("server_cpu_s=%.2f server_cpu_pct=%.1f server_cpu_us_per_req=%.2f",
                    serverSeconds, serverSeconds / opt.dur * 100, usPerReq);
            System.err.printf("server pgid %d: %.2f CPU-s in window (%.1f%% of a core), %.2f CPU-us per request%n",
                    opt.pgid, serverSeconds, serverSeconds / opt.dur * 100, usPerReq);
        }
        System.err.printf("TlsLoad: %d conns x %d B, %.1f s: %.0f req/s, %.1f MiB/s, p50 %d us, p99 %d us,"
                        + " client CPU %.0f%%, %d errors, %s%n", opt.conns, opt.size, opt.dur, rps, mibps,
                latency.percentile(50), latency.percentile(99), clientPct, errors, negotiated);
        System.out.printf("RESULT mode=tls size=%d conns=%d dur=%.3f reqs=%d rps=%.1f mibps=%.2f p50_us=%d"
                        + " p99_us=%d errors=%d client_cpu_pct=%.1f %s %s%n", opt.size, opt.conns, opt.dur,
                measuredRequests, rps, mibps, latency.percentile(50), latency.percentile(99), errors, clientPct,
                server, negotiated);
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** utime+stime, in clock ticks, of every process whose process group is {@code --pgid}; 0 without one. */
    private long serverTicks() {
        if (opt.pgid <= 0) {
            return 0;
        }
        long sum = 0;
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    // fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
                    // utime stime ...
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Integer.parseInt(f[2]) == opt.pgid) {
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended between listing and reading
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sum;
    }

    /** One TLS connection: handshake, then send the message, count echoed bytes, repeat. */
    private final class Conn {
        private final SocketChannel channel;
        private final SelectionKey key;
        private final SSLEngine engine;
        private final ByteBuffer netIn;
        private final ByteBuffer appIn;
        private final ByteBuffer netOut;  // write mode: pending bytes are [0, position)
        private ByteBuffer appOut;         // the message being wrapped, null when none
        private boolean handshaken;
        private long received;
        private long sentAt;
        boolean alive = true;

        Conn(Selector selector) throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(opt.host, opt.port));
            engine = context.createSSLEngine(opt.host, opt.port);
            engine.setUseClientMode(true);
            SSLParameters params = engine.getSSLParameters();
            params.setProtocols(new String[]{opt.protocol});
            if (opt.cipher != null) {
                params.setCipherSuites(new String[]{opt.cipher});
            }
            engine.setSSLParameters(params);
            int packet = engine.getSession().getPacketBufferSize();
            int app = engine.getSession().getApplicationBufferSize();
            netIn = ByteBuffer.allocate(packet * 2);
            appIn = ByteBuffer.allocate(app * 2);
            netOut = ByteBuffer.allocate((opt.size / 16384 + 2) * packet);
            key = channel.register(selector, SelectionKey.OP_CONNECT, this);
        }

        void ready(SelectionKey k) {
            try {
                if (!k.isValid()) {
                    return;
                }
                if (k.isConnectable()) {
                    channel.finishConnect();
                    engine.beginHandshake();
                    key.interestOps(SelectionKey.OP_READ);
                    advance();
                    return;
                }
                if (k.isWritable()) {
                    flush();
                }
                if (k.isReadable()) {
                    int n = channel.read(netIn);
                    if (n < 0) {
                        throw new IOException("server closed the connection");
                    }
                    unwrapAll();
                }
                advance();
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }

        /** Runs the handshake's wraps and tasks, then sends the next message once the last echo is complete. */
        private void advance() throws IOException {
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    wrap(NOTHING);
                } else if (hs == HandshakeStatus.NEED_UNWRAP && netIn.position() > 0 && unwrapAll()) {
                    continue;
                } else {
                    break;
                }
            }
            if (!handshaken && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                handshaken = true;
                negotiated = "protocol=" + engine.getSession().getProtocol() + " cipher="
                        + engine.getSession().getCipherSuite();
                send();
            }
            flush();
        }

        private void send() throws IOException {
            received = 0;
            sentAt = System.nanoTime();
            appOut = message.duplicate();
            while (appOut.hasRemaining()) {
                wrap(appOut);
            }
            appOut = null;
        }

        private void wrap(ByteBuffer src) throws SSLException {
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + r);
            }
        }

        /** Unwraps every whole record in netIn; true when it consumed anything. */
        private boolean unwrapAll() throws IOException {
            netIn.flip();
            boolean progress = false;
            try {
                while (netIn.hasRemaining()) {
                    SSLEngineResult r = engine.unwrap(netIn, appIn);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        break;
                    }
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException("unwrap: " + r);
                    }
                    progress |= r.bytesConsumed() > 0;
                    consume();
                    if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK
                            || r.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        break;  // advance() runs it; what is left in netIn waits for the next call
                    }
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                        break;
                    }
                }
            } finally {
                netIn.compact();
            }
            return progress;
        }

        /** Counts decrypted echo bytes; a complete echo ends the request and starts the next one. */
        private void consume() throws IOException {
            received += appIn.position();
            appIn.clear();
            if (handshaken && received >= opt.size) {
                if (received > opt.size) {
                    throw new IOException("echo longer than the message: " + received + " > " + opt.size);
                }
                if (measuring) {
                    measuredRequests++;
                    latency.record((System.nanoTime() - sentAt) / 1000);
                }
                send();
            }
        }

        private void flush() throws IOException {
            if (netOut.position() > 0) {
                netOut.flip();
                channel.write(netOut);
                netOut.compact();
            }
            int ops = netOut.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        private void fail(Exception e) {
            if (alive) {
                errors++;
                alive = false;
                System.err.println("TlsLoad: connection failed: " + e);
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                key.cancel();
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Microsecond latencies: exact below 10 ms, 1 % steps above (enough for p50/p99). */
    private static final class LatencyHistogram {
        private final long[] fine = new long[10_000];
        private final List<Long> coarse = new ArrayList<>();
        private long count;

        void record(long us) {
            count++;
            if (us < fine.length) {
                fine[(int) Math.max(0, us)]++;
            } else {
                coarse.add(us);
            }
        }

        long percentile(double p) {
            if (count == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(count * p / 100);
            long seen = 0;
            for (int i = 0; i < fine.length; i++) {
                seen += fine[i];
                if (seen >= rank) {
                    return i;
                }
            }
            List<Long> sorted = coarse.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, rank - seen - 1));
        }
    }
}
