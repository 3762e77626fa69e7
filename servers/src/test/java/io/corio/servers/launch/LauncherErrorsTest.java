package io.corio.servers.launch;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every way a listener can fail to start: one clear line naming it, and nothing left open. */
class LauncherErrorsTest {
    private final AtomicInteger made = new AtomicInteger();
    private final ServiceRegistry registry = ServiceRegistry.empty().stream("lines", (loop, listener) ->
            new SlowLineService(loop, made.getAndIncrement()));

    private void start(ServiceRegistry services, ListenerConfig... listeners) throws LaunchException {
        Launcher.start(new CorioConfig(null, CorioConfig.DEFAULT_SHUTDOWN_TIMEOUT, null, List.of(listeners)),
                services, line -> { }).close();
    }

    @Test
    void portInUseNamesTheListenerAndAddressAndClosesTheListenersAlreadyOpen() throws Exception {
        int firstPort;
        try (var probe = new ServerSocket(0)) {
            firstPort = probe.getLocalPort();
        }
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> start(registry, Listeners.tcp("first", "lines", firstPort, 1),
                    Listeners.tcp("web", "lines", port, 1)))
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("cannot start listener 'web' on tcp://127.0.0.1:" + port + ": Address already in use");
        }
        try (var again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", firstPort));  // 'first' was closed
        }
    }

    @Test
    void unixListenerWithTwoWorkersIsRefusedBeforeAnythingIsMade(@TempDir Path dir) {
        assertThatThrownBy(() -> start(registry, Listeners.unix("local", "lines", dir.resolve("s.sock"), 2)))
                .hasMessage("listener 'local': workers 2 is not possible on a unix socket (one socket file is one "
                        + "listening socket); use workers: 1");
        assertThat(made.get()).isZero();
    }

    @Test
    void missingTlsKeyFileIsNamed(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        io.corio.transports.tls.Certificates.selfSigned("localhost").writePem(cert, dir.resolve("key.pem"));
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> start(registry, Listeners.tls("secure", "lines", cert, missing)))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("listener 'secure': tls: ")
                .hasMessageContaining(missing.toString());
        assertThat(made.get()).isZero();
    }

    @Test
    void missingProtocolClassShowsTheClasspathSearched(@TempDir Path dir) {
        Path jar = dir.resolve("protocols.jar");
        var services = registry.classpath(UserClasspath.of(List.of(jar.toString()), null, List.of(dir.resolve("lib"))));

        assertThatThrownBy(() -> start(services, Listeners.tcp("custom", "com.example.Missing", 0, 1)))
                .hasMessage("listener 'custom': protocol class com.example.Missing not found; searched " + jar
                        + " (missing) and Corio's own classpath (add entries with --classpath or CORIO_CLASSPATH, "
                        + "or put the jar in lib/)");
    }

    @Test
    void classThatIsNeitherAProtocolNorASupplierIsRefused() {
        assertThatThrownBy(() -> start(registry, Listeners.tcp("custom", NotAProtocol.class.getName(), 0, 1)))
                .hasMessage("listener 'custom': io.corio.servers.launch.NotAProtocol is not a "
                        + "io.corio.transports.Protocol: it must implement io.corio.transports.Protocol or "
                        + "java.util.function.Supplier<Protocol>");
    }

    @Test
    void supplierOfSomethingElseThanProtocolsIsRefused() {
        assertThatThrownBy(() -> start(registry, Listeners.tcp("custom", StringSupplier.class.getName(), 0, 1)))
                .hasMessage("listener 'custom': io.corio.servers.launch.StringSupplier supplies java.lang.String, "
                        + "not a io.corio.transports.Protocol");
    }

    @Test
    void protocolClassWithoutAUsableConstructorIsRefused() {
        assertThatThrownBy(() -> start(registry, Listeners.tcp("custom", NeedsAString.class.getName(), 0, 1)))
                .hasMessage("listener 'custom': io.corio.servers.launch.NeedsAString has no public constructor "
                        + "taking no arguments or a Map<String, Object> (the listener's options)");
    }

    @Test
    void builtInProtocolThatIsNotRegisteredSaysSo() {
        assertThatThrownBy(() -> start(registry, Listeners.tcp("web", "http", 0, 1)))
                .hasMessage("listener 'web': protocol 'http' is not available in this build (available: lines)");
    }

    @Test
    void unknownProtocolNameListsTheChoices() {
        assertThatThrownBy(() -> start(registry, Listeners.tcp("web", "ecko", 0, 1)))
                .hasMessage("listener 'web': unknown protocol 'ecko': use echo, http, rpc or the fully qualified "
                        + "name of a Protocol class");
    }

    @Test
    void streamProtocolOnUdpIsRefused() {
        assertThatThrownBy(() -> start(registry, Listeners.udp("datagrams", "lines", 0)))
                .hasMessage("listener 'datagrams': protocol 'lines' does not run on udp; use tcp, unix or tls");
    }

    @Test
    void serviceFactoryFailureNamesTheListener() {
        var failing = ServiceRegistry.empty().stream("broken", (loop, listener) -> {
            throw new IllegalStateException("no database");
        });

        assertThatThrownBy(() -> start(failing, Listeners.tcp("db", "broken", 0, 1)))
                .hasMessage("cannot start listener 'db' on tcp://127.0.0.1:0: no database");
    }
}
