package io.corio.servers.launch;

import io.corio.loop.Clock;
import io.corio.loop.EventLoop;
import io.corio.loop.LoopGroup;
import io.corio.loop.Signal;
import io.corio.servers.admin.AdminMetrics;
import io.corio.servers.config.AdminConfig;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.TransportKind;
import io.corio.servers.launch.internal.AdminListener;
import io.corio.servers.launch.internal.TlsContexts;
import io.corio.servers.launch.internal.Worker;
import io.corio.transports.DatagramOptions;
import io.corio.transports.ServerOptions;
import io.corio.transports.tls.TlsContext;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs what a {@link CorioConfig} describes. {@link #start} checks every listener first (protocol, user class, TLS
 * files) without opening anything, then opens them in order: a {@link LoopGroup} of {@code workers} loops per
 * listener, a service and a listening socket per loop ({@code SO_REUSEPORT} when there are several; with port 0 the
 * first worker's real port is reused by the others). If one fails, those already open are closed and
 * {@link LaunchException} says which listener and address failed.
 *
 * <p>{@link #shutdown()} (what SIGTERM and SIGINT call, see {@link #handleSignals()}) stops accepting, drains every
 * service until they are all done or {@code shutdown.timeout} has passed, aborts what is left and closes the loops;
 * a second call aborts at once. It logs one line when the drain begins and one when it ends. Thread-safe.
 */
public final class Launcher implements AutoCloseable {
    /** The most a worker's bind or an abort may take before it counts as failed. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private record Plan(ListenerConfig listener, ServiceFactory stream, DatagramServiceFactory datagram,
                        TlsContext tls) {
    }

    private record Running(ListenerConfig listener, LoopGroup group, List<Worker> workers, RunningListener info) {
    }

    private final CorioConfig config;
    private final List<Running> running;
    private final ClassLoader loader;
    private final Consumer<String> log;
    private final AdminMetrics metrics;
    private final AdminListener admin;
    private final AtomicInteger shutdownRequests = new AtomicInteger();
    private final CompletableFuture<Void> abortNow = new CompletableFuture<>();
    private final CompletableFuture<ShutdownReport> terminated = new CompletableFuture<>();

    private Launcher(CorioConfig config, List<Running> running, ClassLoader loader, Consumer<String> log,
                     AdminMetrics metrics, AdminListener admin) {
        this.config = config;
        this.metrics = metrics;
        this.admin = admin;
        this.loader = loader;
        this.running = List.copyOf(running);
        this.log = log;
    }

    /**
     * Starts every listener of {@code config} and returns once all of them accept connections.
     *
     * @param log receives the two shutdown lines (the CLI prints them on stderr)
     * @throws LaunchException one line naming the listener that could not start; nothing is left open
     */
    public static Launcher start(CorioConfig config, ServiceRegistry registry, Consumer<String> log)
            throws LaunchException {
        ClassLoader loader = registry.classLoader();
        AdminMetrics metrics = config.admin() != null ? new AdminMetrics() : null;
        var context = new LaunchContext(loader, metrics);
        var plans = new ArrayList<Plan>();
        try {
            for (ListenerConfig listener : config.listeners()) {
                plans.add(plan(listener, registry, context));
            }
        } catch (LaunchException | RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
        var opened = new ArrayList<Running>();
        AdminListener admin = null;
        try {
            for (Plan plan : plans) {
                opened.add(open(plan, metrics));
            }
            if (metrics != null) {
                admin = startAdmin(config.admin(), metrics);
            }
        } catch (LaunchException | RuntimeException e) {
            for (Running r : opened) {
                closeNow(r.workers(), r.group());
            }
            closeQuietly(loader);
            throw e;
        }
        return new Launcher(config, opened, loader, log, metrics, admin);
    }

    private static AdminListener startAdmin(AdminConfig admin, AdminMetrics metrics) throws LaunchException {
        try {
            return AdminListener.start(admin, metrics, STEP_TIMEOUT.toSeconds());
        } catch (Exception e) {
            throw new LaunchException("admin", "cannot start the admin listener on " + admin.host() + ":"
                    + admin.port() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
    }

    private static Plan plan(ListenerConfig listener, ServiceRegistry registry, LaunchContext context)
            throws LaunchException {
        ClassLoader loader = context.loader();
        if (listener.transport() == TransportKind.UNIX && listener.workers() > 1) {
            throw new LaunchException(listener.name(), "listener '" + listener.name() + "': workers "
                    + listener.workers() + " is not possible on a unix socket (one socket file is one listening "
                    + "socket); use workers: 1", null);
        }
        if (listener.transport() == TransportKind.UDP) {
            return new Plan(listener, null, registry.datagramFactory(listener, loader), null);
        }
        ServiceFactory factory = registry.streamFactory(listener, context);
        TlsContext tls = listener.transport() == TransportKind.TLS ? TlsContexts.server(listener) : null;
        return new Plan(listener, factory, null, tls);
    }

    private static Running open(Plan plan, AdminMetrics metrics) throws LaunchException {
        ListenerConfig listener = plan.listener();
        LoopGroup group = LoopGroup.start(listener.workers());
        if (metrics != null) {
            for (int i = 0; i < group.loops().size(); i++) {
                AdminListener.addWorkerLoop(metrics, listener.name(), listener.name() + "-" + i,
                        group.loops().get(i));
            }
        }
        var workers = new ArrayList<Worker>();
        try {
            int port = listener.port();
            for (EventLoop loop : group.loops()) {
                Worker worker = await(openWorker(plan, loop, port), listener);
                workers.add(worker);
                if (worker.addresses().getFirst() instanceof InetSocketAddress bound) {
                    port = bound.getPort();
                }
            }
        } catch (LaunchException | RuntimeException e) {
            closeNow(workers, group);
            throw e;
        }
        var info = new RunningListener(listener.name(), listener.transport(), workers.getFirst().addresses(),
                listener.workers());
        return new Running(listener, group, workers, info);
    }

    private static CompletableFuture<Worker> openWorker(Plan plan, EventLoop loop, int port) {
        ListenerConfig listener = plan.listener();
        ListenerLimits limits = listener.limits();
        boolean shared = listener.workers() > 1;
        if (plan.datagram() != null) {
            var address = new InetSocketAddress(listener.host(), port);
            if (address.isUnresolved()) {
                return CompletableFuture.failedFuture(new BindException("unknown host " + listener.host()));
            }
            var options = DatagramOptions.bind(address).withReusePort(shared)
                    .withWriteBufferLimits(limits.writeHighWater(), limits.writeLowWater());
            return Worker.openDatagram(loop, listener, plan.datagram(), options);
        }
        var options = ServerOptions.DEFAULTS.withBacklog(listener.backlog()).withReusePort(shared)
                .withWriteBufferLimits(limits.writeHighWater(), limits.writeLowWater())
                .withReadBufferSize(limits.readSize()).withTls(plan.tls());
        return Worker.openStream(loop, listener, plan.stream(), options, port);
    }

    private static Worker await(CompletableFuture<Worker> opening, ListenerConfig listener) throws LaunchException {
        try {
            return opening.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw cannotStart(listener, e.getCause());
        } catch (TimeoutException e) {
            throw cannotStart(listener, new TimeoutException("no answer within " + STEP_TIMEOUT.toSeconds() + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cannotStart(listener, e);
        }
    }

    private static LaunchException cannotStart(ListenerConfig listener, Throwable error) {
        Throwable shown = error instanceof BindException && error.getCause() != null ? error.getCause() : error;
        String message = shown.getMessage() != null ? shown.getMessage() : shown.getClass().getSimpleName();
        return new LaunchException(listener.name(), "cannot start listener '" + listener.name() + "' on "
                + listener.address() + ": " + message, error);
    }

    private static void closeNow(List<Worker> workers, LoopGroup group) {
        for (Worker worker : workers) {
            try {
                worker.abort().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // the loops are shut down below either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.shutdown(Duration.ofSeconds(10));
    }

    /** The listeners, in configuration order, with their real addresses. */
    public List<RunningListener> listeners() {
        return running.stream().map(Running::info).toList();
    }

    /** What the banner lists: {@code echo tcp://127.0.0.1:7000, web tcp://127.0.0.1:8080 (2 workers)}. */
    public String describe() {
        var parts = new ArrayList<>(listeners().stream().map(RunningListener::describe).toList());
        if (admin != null) {
            parts.add(admin.describe());
        }
        return String.join(", ", parts);
    }

    /**
     * Makes SIGINT and SIGTERM call {@link #shutdown()} (the second one aborts). The handlers live on the first
     * listener's first loop and go away when the loops close at the end of the shutdown.
     *
     * @throws IllegalArgumentException if the JVM does not let the signals be handled (started with -Xrs)
     */
    public void handleSignals() {
        EventLoop loop = running.getFirst().workers().getFirst().loop();
        var installed = new CompletableFuture<Void>();
        loop.callSoonThreadsafe(() -> {
            try {
                loop.addSignalHandler(Signal.INT, this::shutdown);
                loop.addSignalHandler(Signal.TERM, this::shutdown);
                installed.complete(null);
            } catch (RuntimeException e) {
                installed.completeExceptionally(e);
            }
        });
        try {
            installed.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The first call starts a graceful shutdown on a thread of its own and returns; the second aborts every
     * connection still open at once; later calls do nothing. Any thread. Wait with {@link #terminated()}.
     */
    public void shutdown() {
        int request = shutdownRequests.incrementAndGet();
        if (request == 1) {
            Thread.ofPlatform().name("corio-shutdown").start(this::drainAndClose);
        } else {
            abortNow.complete(null);
        }
    }

    /** Completes once the shutdown is over and every loop is closed. */
    public CompletableFuture<ShutdownReport> terminated() {
        return terminated;
    }

    /** Aborts everything at once (two {@link #shutdown()} calls) and waits until the loops are closed. */
    @Override
    public void close() {
        while (shutdownRequests.get() < 2) {
            shutdown();
        }
        terminated.exceptionally(e -> null).join();
    }

    private void drainAndClose() {
        try {
            long start = Clock.system().nanoTime();
            var workers = running.stream().flatMap(r -> r.workers().stream()).toList();
            int open = 0;
            for (Worker worker : workers) {
                open += orZero(worker.beginDrain());
            }
            Duration timeout = config.shutdownTimeout();
            if (metrics != null) {
                metrics.setDraining(true);
            }
            log.accept("shutting down: stopped accepting, draining " + plural(open, "connection") + " (up to "
                    + seconds(timeout) + ")");
            var drained = CompletableFuture.allOf(workers.stream().map(Worker::drained)
                    .toArray(CompletableFuture[]::new));
            try {
                CompletableFuture.anyOf(drained, abortNow).get(Math.min(timeout.toMillis(), Long.MAX_VALUE / 2),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException deadline) {
                // abort what is left below
            }
            boolean forced = abortNow.isDone() && !drained.isDone();
            int aborted = 0;
            for (Worker worker : workers) {
                aborted += orZero(worker.abort());
            }
            for (Running r : running) {
                r.group().shutdown(Duration.ofSeconds(10));
            }
            if (admin != null) {
                admin.close();
            }
            Duration took = Duration.ofNanos(Clock.system().nanoTime() - start);
            var report = new ShutdownReport(Math.max(0, open - aborted), aborted, forced, took);
            log.accept("shut down in " + seconds(took) + ": " + plural(report.drained(), "connection")
                    + " drained, " + report.aborted() + " aborted" + (forced ? " (second signal)" : ""));
            closeQuietly(loader);
            terminated.complete(report);
        } catch (Throwable t) {
            terminated.completeExceptionally(t);
        }
    }

    /** Closes the user-class loader (its open jar files) once nothing runs user code any more. */
    private static void closeQuietly(ClassLoader loader) {
        if (loader instanceof java.io.Closeable closeable && loader != Launcher.class.getClassLoader()) {
            try {
                closeable.close();
            } catch (java.io.IOException ignored) {
                // only open jar files are released here
            }
        }
    }

    private static int orZero(CompletableFuture<Integer> count) throws InterruptedException {
        try {
            return count.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return 0; // a loop that is gone has no connections to wait for
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        return "Launcher[" + describe() + (shutdownRequests.get() > 0 ? ", shutting down" : "") + "]";
    }
}
