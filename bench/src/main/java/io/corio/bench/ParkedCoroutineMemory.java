package io.corio.bench;

import io.corio.loop.EventLoop;
import io.corio.loop.Task;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Heap per parked idle coroutine: starts {@code count} tasks (default 100 000) that each await their own
 * never-completed future, lets every one of them reach its {@code await}, and compares the live heap before and
 * after. Not a JMH benchmark: run it with
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/corio-bench.jar
 * io.corio.bench.ParkedCoroutineMemory [count [warmupRounds]]}. Warm-up rounds (default 10, each starting and
 * cancelling {@code count / 5} tasks) let the JIT compile the await path first: the frames a coroutine parks with
 * are copied to the heap as they are, and an interpreted frame is several times larger than a compiled one, so a
 * cold JVM reports 1.2 to 3 times the steady-state figure (run with warm-up 0 to see it).
 *
 * <p>Two measurements, printed as bytes per task:
 * <ul>
 * <li>the live-object class histogram (the {@code GC.class_histogram} diagnostic command, which runs a full GC
 *     first) before and after: exact, and split by class, so the JVM's share (the {@code VirtualThread}, its
 *     {@code Continuation}, the {@code StackChunk} holding the frozen frames, the root thread container's entry)
 *     is separated from Corio's (the task, its future, the loop's set of pending tasks);</li>
 * <li>{@code MemoryMXBean} heap used after {@code System.gc()}, as a cross-check (it includes GC slack).</li>
 * </ul>
 * The project target is at most 1.5 KB (1536 bytes) per parked idle coroutine. The last line is machine-readable:
 * {@code RESULT bytes_per_task=<histogram figure> jvm_bytes_per_task=<...> corio_bytes_per_task=<...>}.
 */
public final class ParkedCoroutineMemory {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    private ParkedCoroutineMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int warmupRounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        EventLoop loop = EventLoop.create();

        // Warm up until the JIT has compiled the await path: a frame frozen from interpreted code takes several
        // times the heap of a compiled one, so a cold run measures the interpreter, not a long-running server.
        for (int round = 0; round < warmupRounds; round++) {
            startParkedTasks(loop, Math.max(1_000, count / 5)).forEach(Task::cancel);
            runOneIteration(loop);
            runOneIteration(loop);
        }

        Map<String, long[]> before = histogram();
        long heapBefore = usedHeapAfterGc();

        startParkedTasks(loop, count);

        Map<String, long[]> after = histogram();
        long heapAfter = usedHeapAfterGc();

        int parked = countParked(loop);
        if (parked != count) {
            throw new IllegalStateException("expected " + count + " parked tasks, found " + parked);
        }
        report(count, warmupRounds, before, after, heapAfter - heapBefore);
        printOneStack(loop);
        loop.allTasks().forEach(Task::cancel);
        runOneIteration(loop);
        loop.close();
    }

    /** Starts {@code n} tasks that await a future nobody completes, and runs the loop until all are parked. */
    private static List<Task<Object>> startParkedTasks(EventLoop loop, int n) {
        var tasks = new ArrayList<Task<Object>>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(loop.createTask(() -> loop.createFuture().await()));
        }
        runOneIteration(loop);  // each task's first step runs up to its await and parks
        return tasks;
    }

    private static void runOneIteration(EventLoop loop) {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    private static int countParked(EventLoop loop) {
        int parked = 0;
        for (Task<?> t : loop.allTasks()) {
            if (!t.isDone() && t.thread().getState() == Thread.State.WAITING) {
                parked++;
            }
        }
        return parked;
    }

    private static void report(int count, int warmupRounds, Map<String, long[]> before, Map<String, long[]> after,
                               long heapDelta) {
        var rows = new ArrayList<Map.Entry<String, long[]>>();
        long total = 0;
        long jvm = 0;
        long corio = 0;
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long instances = e.getValue()[0] - b[0];
            long bytes = e.getValue()[1] - b[1];
            if (bytes == 0 || e.getKey().startsWith("[Ljdk.internal.vm.FillerElement;")) {
                continue;  // fillers are the GC's padding of unused heap, not objects
            }
            total += bytes;
            if (isJvmVirtualThreadState(e.getKey())) {
                jvm += bytes;
            } else if (e.getKey().startsWith("io.corio.")) {
                corio += bytes;
            }
            rows.add(Map.entry(e.getKey(), new long[]{instances, bytes}));
        }
        rows.sort((x, y) -> Long.compare(Math.abs(y.getValue()[1]), Math.abs(x.getValue()[1])));

        System.out.printf("Parked idle coroutines: %,d (each awaiting its own pending future), %s, heap max %,d MB,"
                + " %d warm-up rounds%n", count, Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
                warmupRounds);
        System.out.printf("%-60s %12s %12s %10s%n", "class (live-object histogram delta)", "instances", "bytes",
                "B/task");
        for (var r : rows.subList(0, Math.min(20, rows.size()))) {
            System.out.printf("%-60s %,12d %,12d %10.1f%n", r.getKey(), r.getValue()[0], r.getValue()[1],
                    r.getValue()[1] / (double) count);
        }
        double perTask = total / (double) count;
        double jvmPerTask = jvm / (double) count;
        double corioPerTask = corio / (double) count;
        System.out.printf("total (histogram): %.0f B per parked task (target <= 1536): %s%n", perTask,
                perTask <= 1536 ? "met" : "NOT met");
        System.out.printf("  JVM virtual-thread state (VirtualThread, Continuation, StackChunk, thread container,"
                + " FieldHolder): %.0f B%n", jvmPerTask);
        System.out.printf("  Corio objects (io.corio.*): %.0f B; the rest (lambdas, collections, boxes): %.0f B%n",
                corioPerTask, perTask - jvmPerTask - corioPerTask);
        System.out.printf("cross-check, MemoryMXBean heap used after System.gc(): %.0f B per parked task%n",
                heapDelta / (double) count);
        System.out.printf("RESULT bytes_per_task=%.0f jvm_bytes_per_task=%.0f corio_bytes_per_task=%.0f"
                + " mxbean_bytes_per_task=%.0f%n", perTask, jvmPerTask, corioPerTask, heapDelta / (double) count);
    }

    /** The frames a parked coroutine keeps on the heap (in its StackChunk): the deeper, the bigger. */
    private static void printOneStack(EventLoop loop) {
        StackTraceElement[] frames = loop.allTasks().iterator().next().thread().getStackTrace();
        System.out.printf("a parked task's stack, %d frames (frozen into its StackChunk):%n", frames.length);
        for (StackTraceElement f : frames) {
            System.out.println("    at " + f);
        }
    }

    /** Classes the JDK allocates for every started virtual thread, whoever its scheduler is. */
    private static boolean isJvmVirtualThreadState(String className) {
        return className.startsWith("java.lang.VirtualThread")
                || className.startsWith("jdk.internal.vm.")
                || className.equals("java.lang.Thread$FieldHolder")
                || className.startsWith("jdk.internal.misc.CarrierThread")
                || className.equals("java.util.concurrent.ConcurrentHashMap$Node");  // root container's set
    }

    /** The live-object class histogram: class name to {instances, bytes}. Runs a full GC first. */
    private static Map<String, long[]> histogram() throws Exception {
        var name = new ObjectName("com.sun.management:type=DiagnosticCommand");
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(name, "gcClassHistogram",
                new Object[]{new String[0]}, new String[]{String[].class.getName()});
        var result = new HashMap<String, long[]>();
        for (String line : text.split("\n")) {
            var m = ROW.matcher(line);
            if (m.matches()) {
                result.merge(m.group(3), new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
            }
        }
        return result;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
