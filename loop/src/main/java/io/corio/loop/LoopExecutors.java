package io.corio.loop;

import io.corio.loop.internal.VirtualThreads;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executors Corio offers for work that must not run on a loop thread, used with
 * {@link EventLoop#runInExecutor} or {@link Async#toThread}.
 *
 * <ul>
 * <li>{@link #blocking()}: blocking calls (files, JDBC, DNS, a library with its own sockets). A new virtual thread
 *     per call on the JDK's default scheduler, so thousands of concurrent blocking calls cost little and never
 *     queue behind each other. The default for {@code runInExecutor(null, ...)}.</li>
 * <li>{@link #cpu()}: CPU-bound work (hashing, compression, parsing big documents). A fixed pool with one platform
 *     thread per available processor and an unbounded queue: more threads would only take turns on the same
 *     cores. Work runs in parallel with the loop, which stays responsive; the loop thread itself must never compute
 *     for long, because every other callback and coroutine on it waits meanwhile (debug mode logs such
 *     slow callbacks).</li>
 * </ul>
 *
 * Both are shared by all loops, created on first use, and made of daemon threads: they never keep the JVM alive.
 */
public final class LoopExecutors {
    private LoopExecutors() {
    }

    private static final class Blocking {
        static final ExecutorService INSTANCE = Executors.newThreadPerTaskExecutor(
                VirtualThreads.defaultSchedulerFactory("corio-blocking-"));
    }

    private static final class Cpu {
        static final ExecutorService INSTANCE = newCpuPool();

        private static ExecutorService newCpuPool() {
            int n = Runtime.getRuntime().availableProcessors();
            return new ThreadPoolExecutor(n, n, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    Thread.ofPlatform().daemon().name("corio-cpu-", 0).factory());
        }
    }

    /** The shared executor for blocking calls: a virtual thread per call. */
    public static ExecutorService blocking() {
        return Blocking.INSTANCE;
    }

    /** The shared executor for CPU-bound work: one platform thread per available processor. */
    public static ExecutorService cpu() {
        return Cpu.INSTANCE;
    }
}
