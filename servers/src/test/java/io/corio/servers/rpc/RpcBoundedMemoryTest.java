package io.corio.servers.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.servers.HostileClients;
import io.corio.servers.MeteredProtocol;
import io.corio.servers.NonReadingClient;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JSON-RPC clients over real TCP that flood calls and never read the answers. The server must run at most
 * {@code inFlight} calls per connection, stop reading while its write buffer is over the high-water mark, hold a
 * bounded amount for the connection (measured with {@link MeteredProtocol}), and keep answering other clients.
 */
class RpcBoundedMemoryTest {
    private static final int HIGH = ServerOptions.DEFAULT_WRITE_HIGH;
    private static final int READ = ServerOptions.DEFAULT_READ_BUFFER_SIZE;
    private static final long POOL_GROWTH_BOUND = 16L << 20;
    private static final long FLOOD = 1L << 30;
    private static final RpcServerOptions OPTIONS = RpcServerOptions.DEFAULTS.withFraming(Framing.NEWLINE);

    private final EventLoop loop = EventLoop.create();
    private final AtomicReference<MeteredProtocol> meter = new AtomicReference<>();
    private Server server;

    @AfterEach
    void closeLoop() {
        if (server != null) {
            server.close();
        }
        loop.close();
    }

    private int serve() {
        Service service = RpcServer.service(loop, RpcService.demo(), OPTIONS);
        server = loop.runUntilComplete(Network.createServer(loop, () -> {
            var first = new MeteredProtocol(service.protocolFactory().get());
            return meter.compareAndSet(null, first) ? first : service.protocolFactory().get();
        }, "127.0.0.1", 0));
        return server.port();
    }

    private static ByteBuffer calls(String call, int times) {
        return ByteBuffer.wrap((call + "\n").repeat(times).getBytes(StandardCharsets.US_ASCII));
    }

    private static String quickCall(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[2,3],\"id\":1}\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }

    /** Tasks on the server's loop: one per call running, plus a few of the loop's own. */
    private int tasks() throws Exception {
        return loop.submit(() -> loop.allTasks().size()).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFloodOfSlowCallsRunsAtMostTheInFlightLimitAndStopsReading() throws Exception {
        int port = serve();
        String slow = "{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":{\"ms\":60000},\"id\":7}";

        int running = HostileClients.run(loop, () -> {
            try (NonReadingClient hostile = NonReadingClient.connect(port)) {
                long sent = hostile.sendUntilStalled(calls(slow, 1000), FLOOD);
                assertThat(sent).as("the server stopped reading long before 1 GiB").isLessThan(FLOOD / 8);
                assertThat(quickCall(port)).contains("\"result\":5");
                return tasks();
            }
        });

        System.out.printf("rpc, a flood of slow calls: %d tasks on the loop, %s%n", running, meter.get());
        assertThat(running).isBetween(OPTIONS.inFlight(), OPTIONS.inFlight() + 4);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
    }

    @Test
    void aFloodOfFastCallsWhoseAnswersAreNeverReadIsHeldNearTheHighMark() throws Exception {
        int port = serve();
        String fast = "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[\"" + "x".repeat(200) + "\"],\"id\":7}";

        long sent = HostileClients.run(loop, () -> {
            try (NonReadingClient hostile = NonReadingClient.connect(port)) {
                long n = hostile.sendUntilStalled(calls(fast, 1000), FLOOD);
                assertThat(quickCall(port)).contains("\"result\":5");
                return n;
            }
        });

        System.out.printf("rpc, a flood of fast calls never read: %d bytes sent, %s%n", sent, meter.get());
        assertThat(sent).as("the server stopped reading long before 1 GiB").isLessThan(FLOOD / 8);
        assertThat(meter.get().maxBuffered()).isGreaterThan(HIGH).isLessThanOrEqualTo(HIGH + READ);
        assertThat(meter.get().maxPoolGrowth()).isLessThanOrEqualTo(POOL_GROWTH_BOUND);
    }
}
