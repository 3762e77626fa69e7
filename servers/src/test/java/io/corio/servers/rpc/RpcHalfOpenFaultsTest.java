package io.corio.servers.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Half-open JSON-RPC clients on real sockets: a client that sends nothing, and one that sends calls with large
 * answers and never reads them (as a frozen process would). The idle timeout closes the first and aborts the
 * second, whose answers would otherwise wait in the server's write buffer for ever.
 */
class RpcHalfOpenFaultsTest {
    private static final Duration IDLE = Duration.ofSeconds(1);

    private final EventLoop loop = EventLoop.create();
    private final List<ErrorContext> reported = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private Service service;
    private Server server;

    @AfterEach
    void tearDown() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
            service.abort();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    private Socket connect(int port) throws IOException {
        var s = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(s);
        return s;
    }

    /** 300 newline-framed calls of {@code echo} with 100 KB each: 30 MB of answers, more than socket buffers hold. */
    private static byte[] largeCalls() {
        var calls = new StringBuilder();
        String value = "x".repeat(100_000);
        for (int id = 1; id <= 300; id++) {
            calls.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                    .append(",\"method\":\"echo\",\"params\":{\"value\":\"").append(value).append("\"}}\n");
        }
        return calls.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aClientThatSendsNothingIsClosedAndOneThatReadsNoAnswerIsAbortedAtTheIdleTimeout() throws Exception {
        service = RpcServer.service(loop, RpcService.builder().methods(new DemoService()).build(),
                RpcServerOptions.DEFAULTS.withFraming(Framing.NEWLINE).withIdle(IDLE));
        loop.setExceptionHandler((l, context) -> reported.add(context));
        server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0));
        int port = server.port();

        loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30), () -> {
            Socket silent = connect(port);
            Socket notReading = connect(port);
            byte[] calls = largeCalls();
            loop.runInExecutor(null, () -> {
                try {
                    notReading.getOutputStream().write(calls);   // blocks once the server stops reading
                } catch (IOException expected) {
                    // the server aborted the connection under the blocked write
                }
                return null;
            });
            long start = loop.time();
            Async.sleep(Duration.ofMillis(300));
            assertThat(server.connectionCount()).isEqualTo(2);
            while (server.connectionCount() > 0 && loop.time() - start < TimeUnit.SECONDS.toNanos(8)) {
                Async.sleep(Duration.ofMillis(10));
            }
            long tookMs = TimeUnit.NANOSECONDS.toMillis(loop.time() - start);
            System.out.println("RPC: " + server.connectionCount() + " half-open connections left after " + tookMs
                    + " ms");
            assertThat(server.connectionCount()).as("half-open connections left").isZero();
            assertThat(tookMs).as("closed by the 1 s idle timeout").isLessThan(5_000);
            silent.setSoTimeout(5_000);
            assertThat(silent.getInputStream().read()).as("the silent client sees an orderly close").isEqualTo(-1);
            return null;
        }));
        assertThat(reported).isEmpty();
    }
}
