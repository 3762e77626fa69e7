package io.corio.transports.internal.subprocess;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.Signal;
import io.corio.loop.internal.BaseEventLoop;
import io.corio.transports.Stdio;
import io.corio.transports.SubprocessOptions;
import io.corio.transports.SubprocessProtocol;
import io.corio.transports.SubprocessTransport;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Starts children on one long-lived platform thread and keeps the registries of live children.
 *
 * <p>The thread matters: Linux sends the parent-death signal when the <em>thread</em> that forked the child ends,
 * not the process, so children must not be forked by a virtual thread's carrier or a loop thread that may end.
 * The same thread sends signals other than TERM and KILL (with the {@code kill} command), in order.
 */
public final class Spawner {
    private static final System.Logger LOG = System.getLogger(Spawner.class.getName());
    // A lock-free queue, not an ExecutorService: coroutines submit here, and one parked on the executor's queue lock
    // would deadlock a loop thread that then submitted too (see ReadPipe).
    private static final ConcurrentLinkedQueue<Runnable> WORK = new ConcurrentLinkedQueue<>();
    private static final Thread THREAD = startThread();
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final Map<EventLoop, Set<ChildTransport>> BY_LOOP = new WeakHashMap<>();
    private static volatile Boolean pdeathsig;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "corio-subprocess-reaper"));
    }

    private Spawner() {
    }

    private static Thread startThread() {
        Thread t = new Thread(() -> {
            while (true) {
                Runnable r = WORK.poll();
                if (r == null) {
                    LockSupport.park();
                    continue;
                }
                try {
                    r.run();
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.WARNING, "a subprocess start or signal failed", e);
                }
            }
        }, "corio-subprocess-spawner");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void execute(Runnable work) {
        WORK.add(work);
        LockSupport.unpark(THREAD);
    }

    public static Future<SubprocessTransport> spawn(EventLoop loop, List<String> argv, SubprocessOptions options,
                                                    Supplier<? extends SubprocessProtocol> factory) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        ProcessBuilder builder = builder(List.copyOf(argv), options);
        Future<SubprocessTransport> result = loop.createFuture();
        execute(() -> start(loop, builder, options, factory, result));
        return result;
    }

    private static void start(EventLoop loop, ProcessBuilder builder, SubprocessOptions options,
                              Supplier<? extends SubprocessProtocol> factory, Future<SubprocessTransport> result) {
        if (parentDeathSignal()) {
            try { // setpriv would start and then fail to exec: fail the way ProcessBuilder does instead
                checkProgram(builder);
            } catch (IOException e) {
                post(loop, () -> result.setException(e), null);
                return;
            }
            var command = new ArrayList<String>(builder.command().size() + 4);
            command.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
            command.addAll(builder.command());
            builder.command(command);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            post(loop, () -> result.setException(e), null);
            return;
        }
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        post(loop, () -> {
            if (result.isDone()) { // cancelled meanwhile
                process.destroyForcibly();
                return;
            }
            var transport = new ChildTransport(loop, process, options, factory.get());
            register(loop, transport);
            transport.start();
            result.setResult(transport);
        }, process::destroyForcibly);
    }

    private static void checkProgram(ProcessBuilder builder) throws IOException {
        String program = builder.command().get(0);
        Path dir = builder.directory() == null ? Path.of("") : builder.directory().toPath();
        if (program.indexOf('/') >= 0) {
            if (Files.isExecutable(dir.resolve(program)) && !Files.isDirectory(dir.resolve(program))) {
                return;
            }
        } else {
            String path = builder.environment().get("PATH");
            for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
                Path candidate = (d.isEmpty() ? dir : dir.resolve(d)).resolve(program);
                if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                    return;
                }
            }
        }
        throw new IOException("Cannot run program \"" + program + "\": not found or not executable");
    }

    /** {@code callSoonThreadsafe}, or {@code ifClosed} when the loop is closed. */
    static void post(EventLoop loop, Runnable callback, Runnable ifClosed) {
        try {
            loop.callSoonThreadsafe(callback);
        } catch (ClosedResourceException e) {
            if (ifClosed != null) {
                ifClosed.run();
            }
        }
    }

    private static ProcessBuilder builder(List<String> argv, SubprocessOptions options) {
        var builder = new ProcessBuilder(argv);
        if (options.cwd() != null) {
            builder.directory(options.cwd().toFile());
        }
        if (!options.environment().isEmpty() || !options.removeEnvironment().isEmpty()) {
            Map<String, String> env = builder.environment();
            env.keySet().removeAll(options.removeEnvironment());
            env.putAll(options.environment());
        }
        builder.redirectInput(input(options.stdin()));
        builder.redirectOutput(output(options.stdout()));
        if (options.stderr().kind() == Stdio.Kind.STDOUT) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(output(options.stderr()));
        }
        return builder;
    }

    private static ProcessBuilder.Redirect input(Stdio stdio) {
        return switch (stdio.kind()) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DISCARD -> ProcessBuilder.Redirect.from(new File("/dev/null"));
            case FILE -> ProcessBuilder.Redirect.from(stdio.file().toFile());
            case STDOUT -> throw new IllegalArgumentException("stdin cannot be STDOUT");
        };
    }

    private static ProcessBuilder.Redirect output(Stdio stdio) {
        return switch (stdio.kind()) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DISCARD -> ProcessBuilder.Redirect.DISCARD;
            case FILE -> ProcessBuilder.Redirect.to(stdio.file().toFile());
            case STDOUT -> throw new IllegalArgumentException("only stderr can be STDOUT");
        };
    }

    // ------------------------------------------------------------------------------------- parent death

    /** True on Linux when {@code setpriv --pdeathsig} works; checked once. */
    public static boolean parentDeathSignal() {
        Boolean known = pdeathsig;
        if (known == null) {
            known = probeSetpriv();
            pdeathsig = known;
        }
        return known;
    }

    private static boolean probeSetpriv() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return false;
        }
        String path = System.getenv("PATH");
        boolean found = path != null && java.util.Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "setpriv")));
        if (!found) {
            return false;
        }
        try { // util-linux before 2.33 has setpriv without --pdeathsig
            Process p = new ProcessBuilder("setpriv", "--pdeathsig", "KILL", "--", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ signals

    /** Linux signal numbers of {@link Signal}. */
    static int number(Signal signal) {
        return switch (signal) {
            case HUP -> 1;
            case INT -> 2;
            case USR1 -> 10;
            case USR2 -> 12;
            case TERM -> 15;
            case CHLD -> 17;
            case WINCH -> 28;
        };
    }

    /** Sends {@code signal} to {@code process} (TERM and KILL at once, others on the spawner thread). */
    static void signal(Process process, int signal) {
        if (signal <= 0 || signal > 64) {
            throw new IllegalArgumentException("signal must be 1..64, got " + signal);
        }
        // Through the ProcessHandle: Process.destroy would also close our ends of the pipes, losing the output
        // the child wrote before the signal (and failing the readers with "Stream closed").
        if (signal == 15) {
            process.toHandle().destroy();
        } else if (signal == 9) {
            process.toHandle().destroyForcibly();
        } else {
            long pid = process.pid();
            execute(() -> {
                if (!process.isAlive()) {
                    return;
                }
                try {
                    new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start().waitFor(5, TimeUnit.SECONDS);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not send signal " + signal + " to " + pid, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------ loop registry

    private static void register(EventLoop loop, ChildTransport transport) {
        Set<ChildTransport> set;
        synchronized (BY_LOOP) {
            set = BY_LOOP.get(loop);
            if (set == null) {
                set = new java.util.LinkedHashSet<>();
                BY_LOOP.put(loop, set);
                Set<ChildTransport> children = set;
                if (loop instanceof BaseEventLoop b) {
                    b.addCloseHook(() -> reap(children));
                }
            }
        }
        set.add(transport);
    }

    static void unregister(EventLoop loop, ChildTransport transport) {
        Set<ChildTransport> set;
        synchronized (BY_LOOP) {
            set = BY_LOOP.get(loop);
        }
        if (set != null) {
            set.remove(transport);
        }
    }

    /** The loop closed: kill its children, drop their buffers, and wait (bounded) until the JDK reaped them. */
    private static void reap(Set<ChildTransport> children) {
        var all = new ArrayList<>(children);
        children.clear();
        for (ChildTransport t : all) {
            t.loopClosed();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ChildTransport t : all) {
            try {
                t.process().onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "child " + t.pid() + " did not end within 2 s of SIGKILL");
            }
        }
    }
}
