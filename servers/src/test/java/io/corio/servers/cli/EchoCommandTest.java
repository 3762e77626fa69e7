package io.corio.servers.cli;

import io.corio.servers.launch.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code corio echo} with the real echo services (ServiceRegistry.builtIns()), in-process. */
class EchoCommandTest {

    /** Runs {@code args} with the built-in services and no signal handlers; {@code client} runs once serving. */
    private static Cli run(Consumer<Launcher> client, String... args) {
        return Cli.run(Map.of(), commandLine -> {
            for (CommandLine sub : commandLine.getSubcommands().values()) {
                if (sub.getCommand() instanceof Serving serving) {
                    serving.handleSignals = false;
                    serving.started = launcher -> {
                        try {
                            client.accept(launcher);
                        } finally {
                            launcher.shutdown();
                        }
                    };
                }
            }
        }, args);
    }

    private static String echoOverTcp(int port, String text) {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void tcpEchoWithTwoWorkersSendsBackWhatItReceives() {
        var reply = new String[1];
        Cli cli = run(launcher -> reply[0] = echoOverTcp(launcher.listeners().getFirst().port(), "ping"),
                "echo", "--port", "0", "--workers", "2");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(reply[0]).isEqualTo("ping");
        assertThat(cli.out()).startsWith("corio " + CorioVersion.get() + " serving echo tcp://127.0.0.1:")
                .endsWith(" (2 workers)" + System.lineSeparator());
    }

    @Test
    void streamsEchoSendsBackWhatItReceives() {
        var reply = new String[1];
        Cli cli = run(launcher -> reply[0] = echoOverTcp(launcher.listeners().getFirst().port(), "pong"),
                "echo", "--port", "0", "--streams");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(reply[0]).isEqualTo("pong");
    }

    @Test
    void udpEchoSendsBackEachDatagram() {
        var reply = new String[1];
        Cli cli = run(launcher -> {
            try (var socket = new DatagramSocket()) {
                socket.setSoTimeout(10_000);
                byte[] ping = "datagram".getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(ping, ping.length,
                        new InetSocketAddress("127.0.0.1", launcher.listeners().getFirst().port())));
                var packet = new DatagramPacket(new byte[64], 64);
                socket.receive(packet);
                reply[0] = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "echo", "--transport", "udp", "--port", "0");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(reply[0]).isEqualTo("datagram");
        assertThat(cli.out()).startsWith("corio " + CorioVersion.get() + " serving echo udp://127.0.0.1:");
    }

    @Test
    void tlsEchoNeedsTheCertificateFilesToExist(@TempDir Path dir) {
        Path cert = dir.resolve("cert.pem");
        Cli cli = run(launcher -> { }, "echo", "--transport", "tls", "--port", "0", "--cert", cert.toString(),
                "--key", dir.resolve("key.pem").toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cli.errLines()).singleElement().asString().startsWith("corio echo: listener 'echo': tls: ")
                .contains(cert.toString());
    }
}
