package io.corio.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The markdown report of {@code bench/run-echo-bench.sh}: the issue's target ratios first, then the figures they
 * come from. Reads a results directory:
 * <ul>
 * <li>{@code env.txt}: the run's settings and machine, copied to the top;</li>
 * <li>{@code tcp-raw.tsv}: the shared harness's raw table (one row per server, workload and repetition), and
 *     {@code tcp-results.md}, its own report, appended;</li>
 * <li>{@code tls.tsv}: {@code name TAB rep TAB RESULT ...} lines of {@link TlsLoad};</li>
 * <li>{@code idle-NAME.txt}: {@link IdleConnectionMemory}'s output (histogram table and RESULT line).</li>
 * </ul>
 * Every ratio is of medians over repetitions, taken in the same run. Writes {@code report.md} there and prints it.
 *
 * <p>{@code java -cp bench/target/corio-bench.jar io.corio.bench.EchoReport bench/results/echo-DATE}
 */
public final class EchoReport {
    private static final String PROTOCOL = "corio-protocol";
    private static final String STREAMS = "corio-streams";

    private final Path dir;
    private final StringBuilder out = new StringBuilder();
    private final List<Map<String, String>> tcp;
    private final List<Map<String, String>> tls;

    private EchoReport(Path dir) throws IOException {
        this.dir = dir;
        this.tcp = readTsv(dir.resolve("tcp-raw.tsv"));
        this.tls = readTls(dir.resolve("tls.tsv"));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: EchoReport RESULTS_DIR");
            System.exit(2);
        }
        Locale.setDefault(Locale.ROOT);
        var report = new EchoReport(Path.of(args[0]));
        String text = report.render();
        Files.writeString(report.dir.resolve("report.md"), text);
        System.out.print(text);
    }

    private String render() throws IOException {
        line("# Corio echo benchmark: TCP, streams, TLS, idle connections");
        line("");
        Path env = dir.resolve("env.txt");
        if (Files.exists(env)) {
            out.append(Files.readString(env)).append('\n');
        }
        targets();
        tlsTable();
        idleSection();
        Path tcpMd = dir.resolve("tcp-results.md");
        if (Files.exists(tcpMd)) {
            line("## TCP echo, every figure (the shared harness's report of the same run)");
            line("");
            out.append(Files.readString(tcpMd).replaceAll("(?m)^#", "##")).append('\n');
        }
        return out.toString();
    }

    private void targets() {
        line("## Targets (issue 3, \"Numbers\"), as ratios in this run");
        line("");
        line("Each cell: ratio (Corio figure / peer figure), medians over repetitions; n/a when a side has no figure.");
        line("");
        line("| ratio | 1 KiB | 10 KiB | 100 KiB | target |");
        line("|---|---|---|---|---|");
        String[] sizes = {"1024", "10240", "102400"};
        row("corio-protocol / netty-nio, req per server CPU-s (saturation)", sizes, "echo-",
                PROTOCOL, "netty-nio", EchoReport::reqPerCpuSecond, false, ">= 1.0");
        row("netty-nio / corio-protocol, server CPU us per req (fixed rate; > 1: Corio cheaper)", sizes, "rate:echo-",
                PROTOCOL, "netty-nio", r -> num(r, "cpu_us_per_req"), true, ">= 1.0");
        row("corio-protocol / c-epoll, req/s", sizes, "echo-", PROTOCOL, "c-epoll", r -> num(r, "rps"), false,
                ">= 0.95");
        row("corio-streams / py-uvloop-streams, req/s", sizes, "echo-", STREAMS, "py-uvloop-streams",
                r -> num(r, "rps"), false, ">= 1.3");
        line("");
        line("| ratio (TLS echo, 10 KiB, TlsLoad) | req/s | server CPU us per req, peer / Corio | target |");
        line("|---|---|---|---|");
        for (String corio : List.of("corio-tls-bc", "corio-tls-jdk")) {
            String rps = ratio(median(tls, corio, "rps"), median(tls, "netty-tls-jdk", "rps"));
            String cpu = ratio(median(tls, "netty-tls-jdk", "server_cpu_us_per_req"),
                    median(tls, corio, "server_cpu_us_per_req"));
            line("| " + corio + " / netty-tls-jdk | " + rps + " | " + cpu + " | >= 1.0 |");
        }
        line("");
        line("| heap per idle connection (10,000 idle, live heap after full GC) | bytes | target |");
        line("|---|---|---|");
        line("| corio-protocol | " + idleFigure(PROTOCOL) + " | <= 1024 |");
        line("| corio-streams | " + idleFigure(STREAMS) + " | <= 2048 |");
        line("");
    }

    private void row(String label, String[] sizes, String prefix, String corio, String peer,
                     ToDoubleFunction<Map<String, String>> metric, boolean inverse, String target) {
        var cells = new StringBuilder("| " + label + " |");
        for (String size : sizes) {
            double c = median(rows(tcp, corio, prefix + size), metric);
            double p = median(rows(tcp, peer, prefix + size), metric);
            cells.append(' ').append(inverse ? ratio(p, c) : ratio(c, p)).append(" |");
        }
        line(cells + " " + target + " |");
    }

    private void tlsTable() {
        if (tls.isEmpty()) {
            return;
        }
        line("## TLS echo (TlsLoad, closed loop)");
        line("");
        line("| server | reps | req/s | MiB/s | p50 us | p99 us | server CPU % | server CPU us/req | client CPU %"
                + " | cipher |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        var names = new LinkedHashMap<String, Boolean>();
        tls.forEach(r -> names.put(r.get("name"), true));
        for (String n : names.keySet()) {
            var rs = rows(tls, n, null);
            line("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |".formatted(n, rs.size(),
                    fmt(median(rs, r -> num(r, "rps"))), fmt(median(rs, r -> num(r, "mibps"))),
                    fmt(median(rs, r -> num(r, "p50_us"))), fmt(median(rs, r -> num(r, "p99_us"))),
                    fmt(median(rs, r -> num(r, "server_cpu_pct"))),
                    fmt(median(rs, r -> num(r, "server_cpu_us_per_req"))),
                    fmt(median(rs, r -> num(r, "client_cpu_pct"))), rs.getLast().getOrDefault("cipher", "")));
        }
        line("");
        line("Client CPU near 100 % means TlsLoad (one core) limited the rate: compare server CPU us/req then.");
        line("");
    }

    private void idleSection() throws IOException {
        try (var files = Files.list(dir)) {
            var idle = files.filter(p -> p.getFileName().toString().matches("idle-.*\\.txt")).sorted().toList();
            if (idle.isEmpty()) {
                return;
            }
            line("## Idle connections: live-heap class histogram delta per connection");
            line("");
            for (Path p : idle) {
                line("```");
                out.append(Files.readString(p).strip()).append('\n');
                line("```");
                line("");
            }
        }
    }

    private String idleFigure(String name) {
        Path p = dir.resolve("idle-" + name + ".txt");
        try {
            if (Files.exists(p)) {
                for (String l : Files.readAllLines(p)) {
                    if (l.startsWith("RESULT ")) {
                        var r = parseResult(l);
                        return r.get("bytes_per_conn") + " (heap used after GC: " + r.get("heap_used_bytes_per_conn")
                                + ")";
                    }
                }
            }
        } catch (IOException e) {
            return "n/a (" + e.getMessage() + ")";
        }
        return "n/a";
    }

    private static double reqPerCpuSecond(Map<String, String> r) {
        double cpu = num(r, "cpu_pct");
        return cpu > 0 ? num(r, "rps") / (cpu / 100) : Double.NaN;
    }

    private static List<Map<String, String>> rows(List<Map<String, String>> table, String name, String workload) {
        var result = new ArrayList<Map<String, String>>();
        for (var r : table) {
            boolean nameMatches = name.equals(r.get("peer")) || name.equals(r.get("name"));
            if (nameMatches && (workload == null || workload.equals(r.get("workload")))) {
                result.add(r);
            }
        }
        return result;
    }

    private static double median(List<Map<String, String>> table, String name, String key) {
        return median(rows(table, name, null), r -> num(r, key));
    }

    private static double median(List<Map<String, String>> rows, ToDoubleFunction<Map<String, String>> metric) {
        double[] v = rows.stream().mapToDouble(metric).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double num(Map<String, String> r, String key) {
        String v = r.get(key);
        if (v == null || v.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "n/a";
        }
        return "%.2f (%s / %s)".formatted(a / b, fmt(a), fmt(b));
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? "%.0f".formatted(v) : "%.1f".formatted(v);
    }

    private static List<Map<String, String>> readTsv(Path file) throws IOException {
        var rows = new ArrayList<Map<String, String>>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.getFirst().split("\t", -1);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            var row = new HashMap<String, String>();
            for (int i = 0; i < header.length && i < f.length; i++) {
                row.put(header[i], f[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@code name TAB rep TAB RESULT k=v ...} lines. */
    private static List<Map<String, String>> readTls(Path file) throws IOException {
        var rows = new ArrayList<Map<String, String>>();
        if (!Files.exists(file)) {
            return rows;
        }
        for (String l : Files.readAllLines(file)) {
            String[] f = l.split("\t", 3);
            if (f.length == 3 && f[2].startsWith("RESULT ")) {
                var row = parseResult(f[2]);
                row.put("name", f[0]);
                row.put("rep", f[1]);
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, String> parseResult(String line) {
        var row = new HashMap<String, String>();
        for (String kv : line.substring("RESULT ".length()).trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                row.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return row;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
