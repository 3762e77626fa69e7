package io.corio.bench;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.ProcessPoolExecutor;
import io.corio.protocols.SerializableCallable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * CPU-bound work through a process pool and through a thread pool, with 1 and 2 workers, while the loop runs a
 * 1 ms repeating timer that measures how late its callbacks run. Not a JMH benchmark: run it with
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
 * -cp bench/target/corio-bench.jar io.corio.bench.ProcessPoolBench [tasks [limit [maxWorkers [rounds]]]]}
 * (defaults 24 tasks, primes below 2 000 000, up to 2 workers, 1 round); {@code -Dbench.niceness=N} sets the
 * workers' niceness (default 10, as {@code ProcessPoolOptions.DEFAULTS}), {@code -Dbench.reportLateMs=N} prints
 * every tick later than N ms, and {@code -Dbench.reference=PATH} runs the compiled {@code bench/reftick/reftick.c}
 * beside it to tell the machine's stalls from the loop's ({@link ReferenceTicker}; {@code bench/run-pool-bench.sh}
 * does all of this).
 *
 * <p>Each configuration first runs one task per worker to warm up (JIT in the workers or the threads); then each
 * round submits {@code tasks} tasks at once to each configuration in turn and waits for all of them. It prints
 * the throughput in tasks/s and the timer's lateness (p50, p99, max in ms) over the measured phase, one line per
 * configuration and round, starting with {@code RESULT} for scripts.
 */
public final class ProcessPoolBench {
    private ProcessPoolBench() {
    }

    /** The work: counts the primes below {@code limit} by trial division (a few hundred ms for 2 000 000). */
    record CountPrimes(int limit) implements SerializableCallable<Integer> {
        @Override
        public Integer call() {
            int count = limit > 2 ? 1 : 0;
            for (int n = 3; n < limit; n += 2) {
                boolean prime = true;
                for (int d = 3; (long) d * d <= n; d += 2) {
                    if (n % d == 0) {
                        prime = false;
                        break;
                    }
                }
                if (prime) {
                    count++;
                }
            }
            return count;
        }
    }

    /** Records how late each tick of a 1 ms repeating timer runs, in nanoseconds. */
    static final class LatenessProbe {
        private static final long REPORT_LATE_NANOS =
                (long) (Double.parseDouble(System.getProperty("bench.reportLateMs", "1e9")) * 1e6);
        private final EventLoop loop;
        private long[] samples = new long[1 << 16];
        private long[] dues = new long[1 << 16];
        private int count;
        private boolean running = true;

        LatenessProbe(EventLoop loop) {
            this.loop = loop;
            schedule();
        }

        private void schedule() {
            long due = loop.time() + 1_000_000;
            loop.callAt(due, () -> {
                if (count == samples.length) {
                    samples = Arrays.copyOf(samples, count * 2);
                    dues = Arrays.copyOf(dues, count * 2);
                }
                long late = loop.time() - due;
                dues[count] = due;
                samples[count++] = late;
                if (late > REPORT_LATE_NANOS) {   // -Dbench.reportLateMs=N: correlate with -Xlog:gc,safepoint
                    System.out.printf("LATE %.2f ms at %d ms since JVM start%n", late / 1e6,
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
                }
                if (running) {
                    schedule();
                }
            });
        }

        void reset() {
            count = 0;
        }

        int ticks() {
            return count;
        }

        /**
         * p50, p99 and worst lateness of the ticks since {@link #reset}, and how many were over 5 ms. With a
         * {@code reference}, also the reference ticker's longest stall in the same time and the worst lateness
         * left once the instants the whole machine stalled are taken out ("own"): what the loop itself caused.
         * {@code count} is {@link #ticks} at the end of the measured phase.
         */
        String summary(ReferenceTicker reference, int count) {
            if (count == 0) {
                return "ticks=0";
            }
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            long over5 = Arrays.stream(sorted).filter(late -> late > 5_000_000).count();
            String line = String.format("lateness_p50_ms=%.2f lateness_p99_ms=%.2f lateness_max_ms=%.2f"
                            + " ticks_over_5ms=%d ticks=%d", ms(sorted[count / 2]), ms(sorted[(int) (count * 0.99)]),
                    ms(sorted[count - 1]), over5, count);
            if (reference == null) {
                return line;
            }
            long own = 0;
            long ownOver5 = 0;
            for (int i = 0; i < count; i++) {
                if (samples[i] <= own && samples[i] <= 5_000_000) {
                    continue; // cannot raise the maximum or the count: no need to look for stalls
                }
                long late = samples[i] - reference.overlap(dues[i], dues[i] + samples[i]);
                own = Math.max(own, late);
                ownOver5 += late > 5_000_000 ? 1 : 0;
            }
            return line + String.format(" machine_stall_max_ms=%.2f own_lateness_max_ms=%.2f own_ticks_over_5ms=%d",
                    ms(reference.longestStall(dues[0], dues[count - 1] + samples[count - 1])), ms(own), ownOver5);
        }

        void stop() {
            running = false;
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        int maxWorkers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        System.out.printf("%d tasks of CountPrimes(%d), %d CPUs, %d rounds%n", tasks, limit,
                Runtime.getRuntime().availableProcessors(), rounds);
        String referencePath = System.getProperty("bench.reference");
        ReferenceTicker reference = referencePath == null ? null : ReferenceTicker.start(referencePath);
        EventLoop.run(() -> {
            EventLoop loop = Async.runningLoop();
            var probe = new LatenessProbe(loop);
            var names = new ArrayList<String>();
            var executors = new ArrayList<Executor>();
            var pools = new ArrayList<ProcessPoolExecutor>();
            for (int n = 1; n <= maxWorkers; n++) {
                pools.add(ProcessPoolExecutor.start(loop, n, io.corio.protocols.ProcessPoolOptions.DEFAULTS
                        .withNiceness(Integer.getInteger("bench.niceness", 10))).await());
                names.add("kind=process workers=" + n);
                executors.add(pools.getLast());
            }
            for (int n = 1; n <= maxWorkers; n++) {
                names.add("kind=threads workers=" + n);
                executors.add(Executors.newFixedThreadPool(n));
            }
            try {
                for (int i = 0; i < executors.size(); i++) {   // warm-up: one task per worker
                    run(loop, executors.get(i), i % maxWorkers + 1, limit);
                }
                // rounds interleave the configurations, so that load from elsewhere hits them alike
                for (int round = 1; round <= rounds; round++) {
                    for (int i = 0; i < executors.size(); i++) {
                        // the previous summary (sorting, first-use class loading) held the loop up: let the
                        // tick it delayed run before measuring, or the next configuration is charged with it
                        Async.sleep(Duration.ofMillis(20));
                        probe.reset();
                        long start = loop.time();
                        run(loop, executors.get(i), tasks, limit);
                        double seconds = (loop.time() - start) / 1e9;
                        int ticks = probe.ticks();
                        if (reference != null) {
                            Async.sleep(Duration.ofMillis(50));  // its last stalls read
                        }
                        System.out.printf("RESULT round=%d %s tasks_per_s=%.2f seconds=%.2f %s%n", round,
                                names.get(i), tasks / seconds, seconds, probe.summary(reference, ticks));
                    }
                }
            } finally {
                probe.stop();
                for (var pool : pools) {
                    pool.shutdown().await();
                }
                executors.forEach(e -> {
                    if (e instanceof ExecutorService service) {
                        service.shutdown();
                    }
                });
            }
            return null;
        });
        if (reference != null) {
            reference.close();
        }
    }

    private static void run(EventLoop loop, Executor executor, int count, int limit) {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(loop.runInExecutor(executor, new CountPrimes(limit)));
        }
        futures.forEach(Future::await);
    }

}
