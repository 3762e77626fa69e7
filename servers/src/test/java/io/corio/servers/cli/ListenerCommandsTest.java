package io.corio.servers.cli;

import io.corio.servers.launch.Launcher;
import io.corio.servers.launch.LineClient;
import io.corio.servers.launch.ServiceRegistry;
import io.corio.servers.launch.SlowLineService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code corio serve|echo|http|rpc} in-process: usage errors, startup errors, the banner and a clean stop. */
class ListenerCommandsTest {
    /** The same services under the built-in names, so the commands run before the real servers are wired in. */
    static final ServiceRegistry TEST_SERVICES = ServiceRegistry.empty()
            .stream("echo", (loop, listener) -> new SlowLineService(loop, 0))
            .stream("http", (loop, listener) -> new SlowLineService(loop, 0))
            .stream("rpc", (loop, listener) -> new SlowLineService(loop, 0));

    /** Runs {@code args} with the test services, no signal handlers, and {@code started} once the banner is out. */
    static Cli run(java.util.function.Consumer<Launcher> started, String... args) {
        return Cli.run(Map.of(), commandLine -> {
            for (CommandLine sub : commandLine.getSubcommands().values()) {
                if (sub.getCommand() instanceof Serving serving) {
                    serving.registry = TEST_SERVICES;
                    serving.handleSignals = false;
                    serving.started = started;
                }
            }
        }, args);
    }

    @Test
    void unknownTransportIsAUsageErrorNamingTheChoices() {
        Cli cli = run(l -> { }, "echo", "--transport", "sctp");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly(
                "corio echo: Invalid value for option '--transport': 'sctp' is not a transport; use tcp, udp, unix "
                        + "or tls",
                "Try 'corio echo --help' for more information.");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void unixWithoutPathIsAUsageError() {
        Cli cli = run(l -> { }, "rpc", "--transport", "unix");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()[0]).isEqualTo("corio rpc: --transport unix needs --path FILE");
    }

    @Test
    void tlsWithoutKeyIsAUsageError() {
        Cli cli = run(l -> { }, "http", "--transport", "tls", "--cert", "cert.pem");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()[0]).isEqualTo(
                "corio http: --transport tls needs --cert PEM and --key PEM (make a pair with 'corio cert')");
    }

    @Test
    void httpOnUdpIsAUsageError() {
        Cli cli = run(l -> { }, "http", "--transport", "udp");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()[0]).isEqualTo("corio http: http does not run on udp; use --transport tcp, tls, unix");
    }

    @Test
    void unknownFramingIsAUsageError() {
        Cli cli = run(l -> { }, "rpc", "--framing", "xml");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()[0]).isEqualTo("corio rpc: --framing must be length or newline, got 'xml'");
    }

    @Test
    void portOutOfRangeIsAUsageError() {
        Cli cli = run(l -> { }, "echo", "--port", "70000");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()[0]).isEqualTo("corio echo: port must be 0..65535, got 70000");
    }

    @Test
    void echoPrintsOneBannerLineWithTheRealPortAndExitsZeroAfterShutdown() throws Exception {
        var port = new AtomicReference<Integer>();
        Cli cli = run(launcher -> {
            port.set(launcher.listeners().getFirst().port());
            try (var client = LineClient.connect(port.get())) {
                assertThat(client.read()).isEqualTo("hello 0");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            launcher.shutdown();
        }, "echo", "--port", "0", "--workers", "2");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out().lines().toList()).containsExactly(
                "corio " + CorioVersion.get() + " serving echo tcp://127.0.0.1:" + port.get() + " (2 workers)");
        assertThat(cli.errLines()).hasSize(2);
        assertThat(cli.errLines()[0]).startsWith("corio echo: shutting down: stopped accepting, draining ");
        assertThat(cli.errLines()[1]).startsWith("corio echo: shut down in ");
    }

    @Test
    void unixListenerBannerShowsTheSocketFile(@TempDir Path dir) {
        Path socket = dir.resolve("rpc.sock");
        Cli cli = run(Launcher::shutdown, "rpc", "--transport", "unix", "--path", socket.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("corio " + CorioVersion.get() + " serving rpc unix:" + socket
                + System.lineSeparator());
    }

    @Test
    void portInUseExitsOneWithOneLineNamingTheListenerAndAddress() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();

            Cli cli = run(l -> { }, "http", "--port", String.valueOf(port));

            assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(cli.out()).isEmpty();
            assertThat(cli.errLines()).containsExactly("corio http: cannot start listener 'http' on tcp://127.0.0.1:"
                    + port + ": Address already in use");
        }
    }

    @Test
    void serveWithAMissingFileFailsWithOneLineNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        Cli cli = run(l -> { }, "serve", "-c", file.toString());

        // 2 with the YAML loader (a ConfigException, as 'corio check'); 1 with the placeholder of the launch branch
        assertThat(cli.exitCode()).isIn(ExitCodes.USAGE, ExitCodes.FAILURE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).singleElement().asString().startsWith("corio serve: ").contains(file.toString());
    }
}
