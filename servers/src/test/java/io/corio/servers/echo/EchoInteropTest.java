package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo servers against clients nobody here wrote: the JDK's DatagramChannel, python3's socket, openssl. */
class EchoInteropTest {
    private static final String PYTHON_TCP = """
            import os, socket, sys, threading
            data = os.urandom(3 * 1024 * 1024)
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
            def send():
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
            sender = threading.Thread(target=send)
            sender.start()
            got = bytearray()
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            sender.join()
            print("ok" if bytes(got) == data else "MISMATCH %d of %d" % (len(got), len(data)))
            """;
    private static final String PYTHON_UDP = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(10)
            for word in ("alpha", "beta", "x" * 1400):
                s.sendto(word.encode(), ("127.0.0.1", int(sys.argv[1])))
                data, peer = s.recvfrom(65535)
                print(len(data), data[:5].decode(), peer[1] == int(sys.argv[1]))
            """;

    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private DatagramTransport udp(EchoDatagram echo) {
        return loop.runUntilComplete(Network.createDatagramEndpoint(loop, echo.protocolFactory(),
                DatagramOptions.bind(new InetSocketAddress("127.0.0.1", 0))));
    }

    private static int port(DatagramTransport udp) {
        return ((InetSocketAddress) udp.extra(Extra.LOCAL_ADDRESS)).getPort();
    }

    @Test
    void aDatagramChannelGetsEachDatagramBackWhole() {
        EchoDatagram echo = EchoDatagram.create(loop);
        DatagramTransport udp = udp(echo);
        var server = new InetSocketAddress("127.0.0.1", port(udp));

        List<String> answers = OffLoop.run(loop, () -> {
            try (DatagramChannel client = DatagramChannel.open()) {
                client.connect(server);
                var buffer = ByteBuffer.allocate(65_536);
                var seen = new java.util.ArrayList<String>();
                for (String word : List.of("first", "second", "x".repeat(8000))) {
                    client.write(ByteBuffer.wrap(word.getBytes(StandardCharsets.UTF_8)));
                    client.read(buffer.clear());
                    seen.add(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
                }
                return seen;
            }
        });

        assertThat(answers).containsExactly("first", "second", "x".repeat(8000));
        assertThat(echo.echoed()).isEqualTo(3);
        loop.runUntilComplete(echo.drain());
        assertThat(udp.isClosing()).isTrue();
    }

    @Test
    void pythonSocketClientGetsThreeMebibytesBackOverTcp() {
        OffLoop.requireTool("python3");
        EchoService service = EchoService.create(loop);
        Server server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0));

        String out = OffLoop.run(loop, () -> runTool(List.of("python3", "-c", PYTHON_TCP,
                String.valueOf(server.port()))));

        assertThat(out.strip()).isEqualTo("ok");
        server.close();
        loop.runUntilComplete(service.drain());
    }

    @Test
    void pythonSocketClientGetsItsDatagramsBack() {
        OffLoop.requireTool("python3");
        EchoDatagram echo = EchoDatagram.create(loop);
        DatagramTransport udp = udp(echo);

        String out = OffLoop.run(loop, () -> runTool(List.of("python3", "-c", PYTHON_UDP,
                String.valueOf(port(udp)))));

        assertThat(out.lines()).containsExactly("5 alpha True", "4 beta True", "1400 xxxxx True");
        loop.runUntilComplete(echo.drain());
    }

    @Test
    void opensslClientGetsItsLineBackOverTls() {
        OffLoop.requireTool("openssl");
        EchoService service = EchoService.create(loop);
        Server server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withTls(OffLoop.serverTls())));

        String line = OffLoop.run(loop, () -> {
            Process p = new ProcessBuilder("openssl", "s_client", "-quiet", "-connect", "127.0.0.1:" + server.port(),
                    "-servername", "localhost", "-CAfile", OffLoop.CERT.toString(), "-verify_return_error")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                p.getOutputStream().write("hello over tls\n".getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().flush();
                var reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                return reader.readLine(); // -quiet keeps the connection after stdin ends: read, then stop it
            } finally {
                p.destroy();
                p.waitFor(OffLoop.LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        });

        assertThat(line).isEqualTo("hello over tls");
        server.close();
        loop.runUntilComplete(service.drain());
    }

    /** Runs a tool to its end (at most the time limit) and returns its stdout; stderr is shown on failure. */
    private static String runTool(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(OffLoop.LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.getFirst() + " did not finish in " + OffLoop.LIMIT_SECONDS + " s");
        }
        assertThat(p.exitValue()).as(command.getFirst() + " exit code, output: " + out).isZero();
        return out;
    }
}
