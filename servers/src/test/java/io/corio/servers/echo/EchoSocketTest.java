package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.config.ProtocolOptions;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import io.corio.transports.support.CollectingProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Echo over real loopback sockets (TCP, Unix, TLS) with JDK socket clients and a Corio TLS client. */
class EchoSocketTest {
    private static final int MIB = 1 << 20;

    private final EventLoop loop = EventLoop.create();

    @TempDir
    Path dir;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Server tcp(EchoService service) {
        return loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0));
    }

    /** Stops listening and waits until every connection is gone, so no buffer outlives the test. */
    private void finish(Server server, EchoService service) {
        server.close();
        loop.runUntilComplete(service.drain());
    }

    private static InetSocketAddress address(Server server) {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    private static byte[] randomBytes(int n) {
        var bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    /** Sends everything then shuts the write side down (on a second thread), reads to the end; blocking. */
    static byte[] roundTrip(SocketAddress address, byte[] data) throws Exception {
        try (SocketChannel channel = SocketChannel.open(address)) {
            var failure = new AtomicReference<Exception>();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    channel.write(ByteBuffer.wrap(data));
                    channel.shutdownOutput();
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            var received = new ByteArrayOutputStream(data.length);
            var buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer.clear()) >= 0) {
                received.write(buffer.array(), 0, buffer.position());
            }
            writer.join();
            if (failure.get() != null) {
                throw failure.get();
            }
            return received.toByteArray();
        }
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void tenMebibytesComeBackByteExactOverTcp(boolean streams) {
        EchoService service = EchoService.create(loop, new ProtocolOptions.Echo(streams));
        Server server = tcp(service);
        byte[] sent = randomBytes(10 * MIB);

        byte[] received = OffLoop.run(loop, () -> roundTrip(address(server), sent));

        assertThat(received).isEqualTo(sent);
        finish(server, service);
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void aUnixSocketEchoesAndClosesAfterTheClientsEof(boolean streams) {
        EchoService service = EchoService.create(loop, new ProtocolOptions.Echo(streams));
        Path path = dir.resolve("echo.sock");
        Server server = loop.runUntilComplete(Network.createUnixServer(loop, service.protocolFactory(), path,
                ServerOptions.DEFAULTS));
        byte[] sent = randomBytes(2 * MIB);

        byte[] received = OffLoop.run(loop, () -> roundTrip(UnixDomainSocketAddress.of(path), sent));

        assertThat(received).isEqualTo(sent);
        finish(server, service);
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void tlsEchoesAMebibyteToACorioTlsClient(boolean streams) {
        EchoService service = EchoService.create(loop, new ProtocolOptions.Echo(streams));
        Server server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0,
                ServerOptions.DEFAULTS.withTls(OffLoop.serverTls())));
        var client = new CollectingProtocol(loop);
        Transport tls = loop.runUntilComplete(Network.createConnection(loop, () -> client, "127.0.0.1",
                server.port(), ConnectOptions.DEFAULTS.withServerHostname("localhost").withTls(OffLoop.clientTls())));
        byte[] sent = randomBytes(MIB);

        tls.write(sent);
        byte[] received = loop.runUntilComplete(client.whenReceived(sent.length));
        tls.close();
        loop.runUntilComplete(client.whenLost());

        assertThat(received).isEqualTo(sent);
        assertThat(service.connections()).isZero();
        finish(server, service);
    }

    @Test
    void theEchoAnswersWhatCameBeforeTheClientsEofThenEndsTheStream() {
        EchoService service = EchoService.create(loop);
        Server server = tcp(service);

        String answer = OffLoop.run(loop, () -> {
            try (SocketChannel channel = SocketChannel.open(address(server))) {
                channel.write(ByteBuffer.wrap("last words".getBytes()));
                channel.shutdownOutput(); // half-close: the echo may still write to us
                var buffer = ByteBuffer.allocate(64);
                while (channel.read(buffer) >= 0) {
                    assertThat(buffer.hasRemaining()).isTrue();
                }
                return new String(buffer.array(), 0, buffer.position());
            }
        });

        assertThat(answer).isEqualTo("last words");
        finish(server, service);
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void drainEndsOpenConnectionsAndClosesNewOnes(boolean streams) {
        EchoService service = EchoService.create(loop, new ProtocolOptions.Echo(streams));
        Server server = tcp(service);
        var drained = new AtomicReference<Future<Void>>();

        String seen = OffLoop.run(loop, () -> {
            try (SocketChannel channel = SocketChannel.open(address(server))) {
                channel.write(ByteBuffer.wrap("ping".getBytes()));
                var buffer = ByteBuffer.allocate(64);
                while (buffer.position() < 4) {
                    channel.read(buffer);
                }
                drained.set(loop.submit(service::drain).get());
                int end = channel.read(buffer);
                try (SocketChannel late = SocketChannel.open(address(server))) {
                    return new String(buffer.array(), 0, 4) + " " + end + " " + late.read(ByteBuffer.allocate(8));
                }
            }
        });

        assertThat(seen).isEqualTo("ping -1 -1");
        loop.runUntilComplete(drained.get());
        assertThat(service.connections()).isZero();
        server.close();
    }
}
