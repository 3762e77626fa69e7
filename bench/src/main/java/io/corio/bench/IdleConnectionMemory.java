package io.corio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap per idle connection of a running echo server (another JVM): the live heap with N idle connections minus
 * the live heap with none, divided by N. The connections come from the shared harness's {@code loadgen/idleconn}
 * (source addresses rotate over 127.0.0.1..8), which this program starts and stops.
 *
 * <pre>
 * java -cp bench/target/corio-bench.jar io.corio.bench.IdleConnectionMemory --pid SERVER_PID --port 25300 \
 *     --idleconn path/to/bench/loadgen/idleconn [--conns 10000] [--name corio-protocol] [--top 20] [--warmup-rounds 3]
 * </pre>
 *
 * Steps: warm-up rounds (3) of {@code conns / 2} connections opened and closed, so classes, lazily built tables
 * and grown selector sets exist before the baseline, and the JIT has compiled the per-connection path (a parked
 * coroutine's frames are copied to the heap as they are; interpreted frames are several times larger, so a cold
 * server reports a stream echo up to 1.5 times bigger); {@code jcmd PID GC.class_histogram} (it runs a full GC first)
 * and {@code GC.run} + {@code GC.heap_info}; open N connections and wait until the server holds N more file
 * descriptors; the same two measurements; close the connections. Two figures per connection: the class
 * histogram's total (exact live objects, and split by class: the table the transport authors read) and the heap
 * "used" after a full GC (includes GC slack, a cross-check). The last line is machine-readable:
 * {@code RESULT name=.. conns=.. bytes_per_conn=.. heap_used_bytes_per_conn=.. corio_bytes_per_conn=..
 * jdk_nio_bytes_per_conn=.. vthread_bytes_per_conn=.. netty_bytes_per_conn=..}.
 */
public final class IdleConnectionMemory {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final long pid;
    private final int port;
    private final int conns;
    private final String idleconn;
    private final String name;
    private final int top;
    private final int warmupRounds;
    private final String jcmd;
    private volatile Process running;

    private IdleConnectionMemory(Map<String, String> a) {
        pid = Long.parseLong(required(a, "--pid"));
        port = Integer.parseInt(required(a, "--port"));
        conns = Integer.parseInt(a.getOrDefault("--conns", "10000"));
        idleconn = required(a, "--idleconn");
        name = a.getOrDefault("--name", "server");
        top = Integer.parseInt(a.getOrDefault("--top", "20"));
        warmupRounds = Integer.parseInt(a.getOrDefault("--warmup-rounds", "3"));
        jcmd = a.getOrDefault("--jcmd", Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    }

    public static void main(String[] args) throws Exception {
        var a = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        try {
            new IdleConnectionMemory(a).run();
        } catch (IllegalArgumentException e) {
            System.err.println("IdleConnectionMemory: " + e.getMessage());
            System.exit(2);
        }
    }

    private static String required(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "; usage: IdleConnectionMemory --pid PID --port P"
                    + " --idleconn PATH [--conns 10000] [--name NAME] [--top 20] [--warmup-rounds 3] [--jcmd PATH]");
        }
        return v;
    }

    private void run() throws Exception {
        // Interrupted (Ctrl-C, TERM): take idleconn and its connections down too, not 300 s later.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = running;
            if (p != null) {
                p.destroyForcibly();
            }
        }));
        int warm = Math.max(50, conns / 2);
        long fdsIdle = openFds();
        for (int round = 0; round < warmupRounds; round++) {
            try (Idle w = open(warm)) {
                waitForFds(fds -> fds >= fdsIdle + warm, warm + " warm-up connections to be accepted");
            }
            waitForFds(fds -> fds <= fdsIdle, "the warm-up connections to close");
        }
        Map<String, long[]> before = histogram();
        long used0 = heapUsedAfterGc();
        Map<String, long[]> after;
        long used1;
        try (Idle idle = open(conns)) {
            waitForFds(fds -> fds >= fdsIdle + conns, conns + " connections to be accepted");
            Thread.sleep(1000);  // let connectionMade callbacks and coroutines reach their first await
            after = histogram();
            used1 = heapUsedAfterGc();
        }
        report(before, after, used1 - used0);
    }

    /** Starts idleconn for {@code n} connections and returns once it printed that all are open. */
    private Idle open(int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(idleconn, "-p", Integer.toString(port), "-n", Integer.toString(n),
                "-t", "300", "-k", "8").redirectErrorStream(true).start();
        running = p;
        var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("IDLE opened=")) {
                int opened = Integer.parseInt(line.substring("IDLE opened=".length()).trim());
                if (opened != n) {
                    p.destroyForcibly();
                    throw new IllegalStateException("idleconn opened " + opened + " of " + n + " connections");
                }
                return new Idle(p);
            }
            System.err.println("idleconn: " + line);
        }
        throw new IllegalStateException("idleconn ended without opening its connections, exit " + p.waitFor());
    }

    /** A running idleconn; closing it kills it (by its pid), which closes its connections. */
    private record Idle(Process process) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        }
    }

    private void waitForFds(LongPredicate done, String what) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        long fds;
        while (!done.test(fds = openFds())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + ": server fds " + fds);
            }
            Thread.sleep(100);
        }
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + text);
        }
        return text;
    }

    /** Live-object class histogram (the command runs a full GC first): class name to {instances, bytes}. */
    private Map<String, long[]> histogram() throws Exception {
        var result = new HashMap<String, long[]>();
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                result.merge(m.group(3), new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (x, y) -> new long[]{x[0] + y[0], x[1] + y[1]});
            }
        }
        return result;
    }

    /** Sum of the generations' (or G1 heap's) "used" after {@code GC.run}, in bytes. */
    private long heapUsedAfterGc() throws Exception {
        jcmd("GC.run");
        long usedK = 0;
        for (String line : jcmd("GC.heap_info").split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                continue;
            }
            Matcher m = USED.matcher(line);
            if (line.contains("total") && m.find()) {
                usedK += Long.parseLong(m.group(1));
            }
        }
        return usedK * 1024;
    }

    private void report(Map<String, long[]> before, Map<String, long[]> after, long usedDelta) {
        var rows = new ArrayList<Map.Entry<String, long[]>>();
        long total = 0;
        long[] groups = new long[4];  // corio, jdk nio, virtual threads, netty
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long instances = e.getValue()[0] - b[0];
            long bytes = e.getValue()[1] - b[1];
            if (bytes == 0 || e.getKey().startsWith("[Ljdk.internal.vm.FillerElement;")) {
                continue;  // fillers pad unused heap; they are not objects
            }
            total += bytes;
            int g = group(e.getKey());
            if (g >= 0) {
                groups[g] += bytes;
            }
            rows.add(Map.entry(e.getKey(), new long[]{instances, bytes}));
        }
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                total -= e.getValue()[1];
                rows.add(Map.entry(e.getKey(), new long[]{-e.getValue()[0], -e.getValue()[1]}));
            }
        }
        rows.sort((x, y) -> Long.compare(Math.abs(y.getValue()[1]), Math.abs(x.getValue()[1])));
        double n = conns;
        System.out.printf("%s: %,d idle connections, live-heap class histogram delta (top %d by bytes)%n", name,
                conns, top);
        System.out.printf("| %-58s | %9s | %8s |%n", "class", "inst/conn", "B/conn");
        System.out.printf("|%s|%s|%s|%n", "-".repeat(60), "-".repeat(11), "-".repeat(10));
        for (var r : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.printf("| %-58s | %9.2f | %8.1f |%n", r.getKey(), r.getValue()[0] / n, r.getValue()[1] / n);
        }
        System.out.printf("total %.0f B per idle connection (histogram); Corio %.0f, JDK NIO/net %.0f,"
                        + " virtual threads %.0f, Netty %.0f, other %.0f; heap used after GC %.0f B%n",
                total / n, groups[0] / n, groups[1] / n, groups[2] / n, groups[3] / n,
                (total - groups[0] - groups[1] - groups[2] - groups[3]) / n, usedDelta / n);
        System.out.printf("RESULT name=%s conns=%d bytes_per_conn=%.0f heap_used_bytes_per_conn=%.0f"
                        + " corio_bytes_per_conn=%.0f jdk_nio_bytes_per_conn=%.0f vthread_bytes_per_conn=%.0f"
                        + " netty_bytes_per_conn=%.0f%n", name, conns, total / n, usedDelta / n, groups[0] / n,
                groups[1] / n, groups[2] / n, groups[3] / n);
    }

    /** 0 Corio, 1 JDK sockets and selector, 2 virtual-thread state, 3 Netty, -1 anything else. */
    private static int group(String cls) {
        if (cls.startsWith("io.corio.")) {
            return 0;
        }
        if (cls.startsWith("sun.nio.ch.") || cls.startsWith("java.net.") || cls.equals("java.io.FileDescriptor")
                || cls.startsWith("java.nio.channels.") || cls.startsWith("jdk.internal.ref.")
                || cls.startsWith("java.lang.ref.Cleaner")) {
            return 1;
        }
        if (cls.startsWith("java.lang.VirtualThread") || cls.startsWith("jdk.internal.vm.")
                || cls.equals("java.lang.Thread$FieldHolder")) {
            return 2;
        }
        if (cls.startsWith("io.netty.")) {
            return 3;
        }
        return -1;
    }
}
