package io.corio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Runs {@code bench/reftick} (a C process that does nothing but wake up every millisecond) beside a benchmark and
 * collects the intervals in which it woke up late: stalls of the whole machine, not of the process under test.
 * Both use {@code CLOCK_MONOTONIC} ({@code System.nanoTime} on Linux), so a late tick of the event loop can be
 * compared with the stalls over the same instants; {@link #overlap} is the part of an interval the machine stalled.
 * Stalls are appended by a reader thread and read by the benchmark's thread, hence the synchronisation.
 */
final class ReferenceTicker implements AutoCloseable {
    private final Process process;
    private final Thread reader;
    private long[] starts = new long[1024];
    private long[] ends = new long[1024];
    private int count;

    private ReferenceTicker(Process process) {
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("reftick-reader").start(this::read);
    }

    /** Starts {@code executable} (the compiled {@code bench/reftick/reftick.c}), reporting stalls over 200 µs. */
    static ReferenceTicker start(String executable) throws IOException {
        return new ReferenceTicker(new ProcessBuilder(executable, "200")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                int space = line.indexOf(' ');
                long due = Long.parseLong(line, 0, space, 10);
                long late = Long.parseLong(line, space + 1, line.length(), 10);
                add(due, due + late);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("reftick: " + e);
        }
    }

    private synchronized void add(long start, long end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count++] = end;
    }

    /** Nanoseconds of {@code [from, to]} during which the reference ticker was itself overdue. */
    synchronized long overlap(long from, long to) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += Math.max(0, Math.min(to, ends[i]) - Math.max(from, starts[i]));
        }
        return total;
    }

    /** The longest stall of the reference ticker that ended within {@code [from, to]}, in nanoseconds. */
    synchronized long longestStall(long from, long to) {
        long longest = 0;
        for (int i = 0; i < count; i++) {
            if (ends[i] >= from && ends[i] <= to) {
                longest = Math.max(longest, ends[i] - starts[i]);
            }
        }
        return longest;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
        reader.join(1000);
    }
}
