package io.corio.servers.launch;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graceful shutdown: in-flight requests are answered, the deadline and a second request abort the rest. */
class DrainTest {
    private final List<SlowLineService> services = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> drainBegan = new CompletableFuture<>();
    private final ServiceRegistry registry = ServiceRegistry.empty().stream("lines", (loop, listener) -> {
        var service = new SlowLineService(loop, services.size());
        services.add(service);
        return service;
    });
    private Launcher launcher;
    private int port;

    @AfterEach
    void closeLauncher() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private void start(Duration shutdownTimeout, ListenerConfig listener) throws LaunchException {
        launcher = Launcher.start(new CorioConfig(null, shutdownTimeout, null, List.of(listener)), registry,
                line -> {
                    log.add(line);
                    drainBegan.complete(line);
                });
        port = launcher.listeners().getFirst().port();
    }

    private ShutdownReport terminated() throws Exception {
        return launcher.terminated().get(20, TimeUnit.SECONDS);
    }

    @Test
    void inFlightRequestIsAnsweredBeforeItsConnectionCloses() throws Exception {
        start(Duration.ofSeconds(30), Listeners.tcp("lines", "lines", 0, 1));
        try (var busy = LineClient.connect(port); var idle = LineClient.connect(port)) {
            assertThat(busy.read()).isEqualTo("hello 0");
            assertThat(idle.read()).isEqualTo("hello 0");
            busy.send("slow 300");
            assertThat(busy.read()).isEqualTo("working");

            launcher.shutdown();

            assertThat(idle.read()).as("idle connections close at once").isNull();
            assertThat(busy.read()).isEqualTo("done 300");
            assertThat(busy.read()).isNull();
        }
        ShutdownReport report = terminated();
        assertThat(report.drained()).isEqualTo(2);
        assertThat(report.aborted()).isZero();
        assertThat(report.forced()).isFalse();
        assertThatThrownBy(() -> LineClient.connect(port)).isInstanceOf(ConnectException.class);
    }

    @Test
    void drainPrintsOneLineAtItsStartAndOneAtItsEnd() throws Exception {
        start(Duration.ofSeconds(30), Listeners.tcp("lines", "lines", 0, 1));
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello 0");
            launcher.shutdown();
            assertThat(client.read()).isNull();
        }
        terminated();

        assertThat(log).hasSize(2);
        assertThat(log.get(0)).isEqualTo("shutting down: stopped accepting, draining 1 connection (up to 30.0 s)");
        assertThat(log.get(1)).matches("shut down in \\d+\\.\\d s: 1 connection drained, 0 aborted");
    }

    @Test
    void requestStillRunningAtTheDeadlineIsAborted() throws Exception {
        start(Duration.ofMillis(200), Listeners.tcp("lines", "lines", 0, 1));
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello 0");
            client.send("slow 30000");
            assertThat(client.read()).isEqualTo("working");

            launcher.shutdown();

            assertThat(client.read()).isNull();
        }
        ShutdownReport report = terminated();
        assertThat(report.aborted()).isEqualTo(1);
        assertThat(report.drained()).isZero();
        assertThat(report.forced()).isFalse();
        assertThat(report.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void secondShutdownAbortsAtOnce() throws Exception {
        start(Duration.ofSeconds(60), Listeners.tcp("lines", "lines", 0, 2));
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).startsWith("hello ");
            client.send("slow 30000");
            assertThat(client.read()).isEqualTo("working");

            launcher.shutdown();
            drainBegan.get(10, TimeUnit.SECONDS);
            launcher.shutdown();

            assertThat(client.read()).isNull();
        }
        ShutdownReport report = terminated();
        assertThat(report.forced()).isTrue();
        assertThat(report.aborted()).isEqualTo(1);
        assertThat(report.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void userProtocolConnectionsAreWaitedForUntilTheyCloseThemselves() throws Exception {
        start(Duration.ofSeconds(30), Listeners.tcp("custom", GreetingProtocol.class.getName(), 0, 1));
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello");

            launcher.shutdown();
            drainBegan.get(10, TimeUnit.SECONDS);
            client.send("still open");
            assertThat(client.read()).as("a user protocol keeps serving while draining").isEqualTo("still open");
            assertThat(launcher.terminated()).isNotDone();
        }
        ShutdownReport report = terminated();
        assertThat(report.drained()).isEqualTo(1);
        assertThat(report.aborted()).isZero();
    }
}
