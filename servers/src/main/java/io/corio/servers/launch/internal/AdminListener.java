package io.corio.servers.launch.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.LoopGroup;
import io.corio.servers.admin.AdminMetrics;
import io.corio.servers.admin.AdminServer;
import io.corio.servers.admin.MetricsSource.TransportSample;
import io.corio.servers.config.AdminConfig;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.TransportStats;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP listener ({@code /healthz}, {@code /metrics}, {@code /tasks}) on a loop of its own, so that a busy
 * or blocked worker loop cannot keep it from answering. Started after the listeners, closed after them.
 */
public final class AdminListener {
    private final LoopGroup group;
    private final Server server;

    private AdminListener(LoopGroup group, Server server) {
        this.group = group;
        this.server = server;
    }

    /** Registers a listener's worker loop under {@code name} with its transport counters. Any thread. */
    public static void addWorkerLoop(AdminMetrics metrics, String listener, String name, EventLoop loop) {
        metrics.addLoop(name, loop);
        metrics.addSource(() -> {
            TransportStats s = Network.stats(loop);
            return List.of(new TransportSample(name, listener, s.connectionsOpen(), s.connectionsOpened(),
                    s.bytesRead(), s.bytesWritten()));
        });
    }

    /** Starts the admin listener; waits at most {@code timeoutSeconds} for the bind. */
    public static AdminListener start(AdminConfig config, AdminMetrics metrics, long timeoutSeconds)
            throws Exception {
        LoopGroup group = LoopGroup.start(1);
        EventLoop loop = group.loops().getFirst();
        try {
            metrics.addLoop("admin", loop);
            var bound = new CompletableFuture<Server>();
            loop.callSoonThreadsafe(() -> AdminServer.start(loop, metrics, config.host(), config.port())
                    .addDoneCallback(f -> {
                        if (f.exception() != null) {
                            bound.completeExceptionally(f.exception());
                        } else {
                            bound.complete(f.result());
                        }
                    }));
            return new AdminListener(group, bound.get(timeoutSeconds, TimeUnit.SECONDS));
        } catch (Exception e) {
            group.shutdown(java.time.Duration.ofSeconds(10));
            throw e instanceof java.util.concurrent.ExecutionException && e.getCause() instanceof Exception cause
                    ? cause : e;
        }
    }

    /** The bound address, as the banner shows it: {@code admin http://127.0.0.1:9090}. */
    public String describe() {
        SocketAddress address = server.addresses().getFirst();
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress().getHostAddress();
            return "admin http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return "admin " + address;
    }

    /** Closes the listening socket and its loop. Any thread but the admin loop's. */
    public void close() {
        group.loops().getFirst().callSoonThreadsafe(server::close);
        group.shutdown(java.time.Duration.ofSeconds(10));
    }
}
