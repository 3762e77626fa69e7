package io.corio.servers.launch;

import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import io.corio.transports.DatagramProtocol;
import io.corio.transports.DatagramTransport;
import io.corio.transports.tls.Certificates;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher with real sockets: addresses, workers, transports, limits. Errors are in LauncherErrorsTest. */
class LauncherTest {
    private final List<SlowLineService> services = new CopyOnWriteArrayList<>();
    private final ServiceRegistry registry = ServiceRegistry.empty().stream("lines", (loop, listener) -> {
        var service = new SlowLineService(loop, services.size());
        services.add(service);
        return service;
    });
    private Launcher launcher;

    @AfterEach
    void closeLauncher() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private Launcher start(ListenerConfig... listeners) throws LaunchException {
        launcher = Launcher.start(new CorioConfig(null, CorioConfig.DEFAULT_SHUTDOWN_TIMEOUT, null,
                List.of(listeners)), registry, line -> { });
        return launcher;
    }

    @Test
    void portZeroIsShownAsTheRealPort() throws Exception {
        start(Listeners.tcp("lines", "lines", 0, 1));

        int port = launcher.listeners().getFirst().port();
        assertThat(port).isPositive();
        assertThat(launcher.describe()).isEqualTo("lines tcp://127.0.0.1:" + port);
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello 0");
            client.send("hi");
            assertThat(client.read()).isEqualTo("echo: hi");
        }
    }

    @Test
    void twoWorkersShareThePortAndBothAccept() throws Exception {
        start(Listeners.tcp("lines", "lines", 0, 2));
        int port = launcher.listeners().getFirst().port();

        Set<String> greetings = new HashSet<>();
        var clients = new CopyOnWriteArrayList<LineClient>();
        try {
            for (int i = 0; i < 64 && greetings.size() < 2; i++) {
                var client = LineClient.connect(port);
                clients.add(client);
                greetings.add(client.read());
            }
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }

        assertThat(launcher.describe()).isEqualTo("lines tcp://127.0.0.1:" + port + " (2 workers)");
        assertThat(greetings).containsExactlyInAnyOrder("hello 0", "hello 1");
        assertThat(services).hasSize(2).allSatisfy(s -> assertThat(s.made.get()).isPositive());
    }

    @Test
    void unixListenerServesOnItsSocketFile(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("lines.sock");
        start(Listeners.unix("local", "lines", socket, 1));

        assertThat(launcher.describe()).isEqualTo("local unix:" + socket);
        try (var channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("hello 0");
        }
    }

    @Test
    void tlsListenerPresentsTheCertificateFromItsFiles(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Certificates.selfSigned("localhost").writePem(cert, key);
        start(Listeners.tls("secure", "lines", cert, key));
        int port = launcher.listeners().getFirst().port();

        try (var client = new LineClient(TrustingClient.connect(cert, port))) {
            assertThat(client.read()).isEqualTo("hello 0");
        }
        assertThat(launcher.describe()).isEqualTo("secure tls://127.0.0.1:" + port);
    }

    @Test
    void userProtocolClassIsMadeWithTheListenersOptions() throws Exception {
        start(Listeners.withOptions(Listeners.tcp("custom", GreetingProtocol.class.getName(), 0, 1),
                java.util.Map.of("greeting", "good morning")));

        try (var client = LineClient.connect(launcher.listeners().getFirst().port())) {
            assertThat(client.read()).isEqualTo("good morning");
            client.send("ping");
            assertThat(client.read()).isEqualTo("ping");
        }
    }

    @Test
    void userSupplierClassMakesTheProtocols() throws Exception {
        start(Listeners.tcp("custom", GreetingFactory.class.getName(), 0, 1));

        try (var client = LineClient.connect(launcher.listeners().getFirst().port())) {
            assertThat(client.read()).isEqualTo("from a factory");
        }
    }

    @Test
    void connectionsOverMaxConnectionsAreClosedAtOnce() throws Exception {
        start(Listeners.withMaxConnections(Listeners.tcp("lines", "lines", 0, 1), 1));
        int port = launcher.listeners().getFirst().port();

        try (var first = LineClient.connect(port); var second = LineClient.connect(port)) {
            assertThat(first.read()).isEqualTo("hello 0");
            assertThat(second.read()).as("over the limit: closed without a greeting").isNull();
            first.send("still served");
            assertThat(first.read()).isEqualTo("echo: still served");
        }
        assertThat(services.getFirst().made.get()).isEqualTo(1);
    }

    @Test
    void udpListenerServesTheRegisteredDatagramProtocol() throws Exception {
        launcher = Launcher.start(CorioConfig.of(Listeners.udp("datagrams", "udp-echo", 0)),
                ServiceRegistry.empty().datagram("udp-echo", (loop, listener) -> new UdpEcho()), line -> { });
        int port = launcher.listeners().getFirst().port();

        try (var socket = new DatagramSocket()) {
            socket.setSoTimeout(10_000);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(ping, ping.length, new InetSocketAddress("127.0.0.1", port)));
            var reply = new DatagramPacket(new byte[100], 100);
            socket.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("ping");
        }
        assertThat(launcher.describe()).isEqualTo("datagrams udp://127.0.0.1:" + port);
    }

    @Test
    void userDatagramProtocolClassServesAUdpListener() throws Exception {
        launcher = Launcher.start(CorioConfig.of(Listeners.udp("udp", DatagramGreeter.class.getName(), 0)),
                ServiceRegistry.empty(), line -> { });

        try (var socket = new DatagramSocket()) {
            socket.setSoTimeout(10_000);
            socket.send(new DatagramPacket(new byte[] {1}, 1,
                    new InetSocketAddress("127.0.0.1", launcher.listeners().getFirst().port())));
            var reply = new DatagramPacket(new byte[16], 16);
            socket.receive(reply);
            assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).isEqualTo("hi");
        }
    }

    @Test
    void udpListenerWithTwoWorkersBindsBothToTheSamePort() throws Exception {
        var listener = Listeners.udp("datagrams", "udp-echo", 0);
        var two = new ListenerConfig(listener.name(), listener.protocol(), listener.transport(), listener.host(), 0,
                null, 2, 511, listener.limits(), listener.timeouts(), null, listener.options());
        var endpoints = new java.util.concurrent.atomic.AtomicInteger();
        launcher = Launcher.start(CorioConfig.of(two), ServiceRegistry.empty().datagram("udp-echo", (loop, l) -> {
            endpoints.incrementAndGet();
            return new UdpEcho();
        }), line -> { });

        int port = launcher.listeners().getFirst().port();
        assertThat(launcher.describe()).isEqualTo("datagrams udp://127.0.0.1:" + port + " (2 workers)");
        assertThat(endpoints.get()).isEqualTo(2);
    }

    @Test
    void everyListenerOfTheConfigurationIsStartedInOrder() throws Exception {
        try (var held = new ServerSocket(0)) {
            held.close(); // a port that was free a moment ago, for a fixed-port listener
            start(Listeners.tcp("first", "lines", 0, 1), Listeners.tcp("second", "lines", held.getLocalPort(), 1));
        }
        var names = launcher.listeners().stream().map(RunningListener::name).toList();
        assertThat(names).containsExactly("first", "second");
        try (var client = LineClient.connect(launcher.listeners().get(1).port())) {
            assertThat(client.read()).isEqualTo("hello 1");
        }
    }

    private static final class UdpEcho implements DatagramProtocol {
        private DatagramTransport transport;

        @Override
        public void connectionMade(DatagramTransport transport) {
            this.transport = transport;
        }

        @Override
        public void datagramReceived(ByteBuf data, SocketAddress sender) {
            transport.sendTo(data.retain(), sender);
        }
    }
}
