package io.corio.servers.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.EventLoop;
import io.corio.servers.HostileClients;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * JSON-RPC frames a hostile peer sends over real TCP: a length prefix announcing more than the limit, a line that
 * never ends, and bytes that are not JSON. Each gets its JSON-RPC error (and a close where the framing is lost),
 * and another connection keeps being served throughout.
 */
class HostileRpcTest {
    private static final String ADD = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"add\",\"params\":[20,22]}";
    private static final String ADD_ANSWER = "{\"jsonrpc\":\"2.0\",\"result\":42,\"id\":7}";

    private final EventLoop loop = EventLoop.create();
    private Service service;
    private Server server;

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
            service.abort();
            server.abortClients();
            loop.runUntilComplete(server.waitClosed());
        }
        loop.close();
    }

    private int serve(RpcServerOptions options) {
        service = RpcServer.service(loop, RpcService.demo(), options);
        server = loop.runUntilComplete(Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0));
        return server.port();
    }

    @Test
    void aLengthPrefixAboveTheLimitIsRefusedBeforeAnyOfItsPayloadIsSent() {
        int port = serve(RpcServerOptions.DEFAULTS);
        String[] result = HostileClients.run(loop, () -> {
            try (var good = new Socket("127.0.0.1", port); var bad = new Socket("127.0.0.1", port)) {
                bad.setSoTimeout(10_000);
                new DataOutputStream(bad.getOutputStream()).writeInt(1 << 30); // 1 GiB announced, nothing follows
                String refusal = readPrefixed(bad.getInputStream());
                int after = bad.getInputStream().read();
                String stillServed = callPrefixed(good, ADD);
                return new String[] {refusal, String.valueOf(after), stillServed};
            }
        });
        assertThat(result[0]).contains("\"code\":-32600")
                .contains("frame of 1073741824 bytes is above the limit of 1048576 bytes").contains("\"id\":null");
        assertThat(result[1]).as("then end of stream").isEqualTo("-1");
        assertThat(result[2]).isEqualTo(ADD_ANSWER);
    }

    @Test
    void aLengthPrefixWithItsTopBitSetIsRefusedToo() {
        int port = serve(RpcServerOptions.DEFAULTS);
        String refusal = HostileClients.run(loop, () -> {
            try (var bad = new Socket("127.0.0.1", port)) {
                bad.setSoTimeout(10_000);
                bad.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                String answer = readPrefixed(bad.getInputStream());
                return answer + (bad.getInputStream().read() < 0 ? " <closed>" : " <open>");
            }
        });
        assertThat(refusal).contains("\"code\":-32600").endsWith(" <closed>");
    }

    @Test
    void aLineThatNeverEndsIsRefusedAtTheFrameLimitAndTheConnectionClosed() {
        int limit = 64 * 1024;
        int port = serve(RpcServerOptions.DEFAULTS.withFraming(Framing.NEWLINE).withFrameLength(limit));
        String[] result = HostileClients.run(loop, () -> {
            try (var good = new Socket("127.0.0.1", port); var bad = new Socket("127.0.0.1", port)) {
                bad.setSoTimeout(10_000);
                long sent = writeUntilRefused(bad.getOutputStream(), 64L << 20);
                String refusal = new String(HostileClients.readToEnd(bad.getInputStream()), StandardCharsets.UTF_8);
                good.getOutputStream().write((ADD + "\n").getBytes(StandardCharsets.UTF_8));
                good.setSoTimeout(10_000);
                String stillServed = readLine(good.getInputStream());
                return new String[] {refusal, String.valueOf(sent), stillServed};
            }
        });
        assertThat(result[0]).startsWith("{").contains("\"code\":-32600").contains("above the limit of 65536 bytes");
        assertThat(Long.parseLong(result[1])).as("bytes written before the server closed").isLessThan(64L << 20);
        assertThat(result[2]).isEqualTo(ADD_ANSWER);
    }

    @Test
    void invalidJsonIsAParseErrorAndTheConnectionStaysUsable() {
        int port = serve(RpcServerOptions.DEFAULTS);
        String[] answers = HostileClients.run(loop, () -> {
            try (var socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                return new String[] {callPrefixed(socket, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"),
                    callPrefixed(socket, "\u0000\u00ff garbage \ud800"), callPrefixed(socket, "[]"),
                    callPrefixed(socket, ADD)};
            }
        });
        assertThat(answers[0]).contains("\"code\":-32700").contains("\"id\":null");
        assertThat(answers[1]).contains("\"code\":-32700");
        assertThat(answers[2]).contains("\"code\":-32600");
        assertThat(answers[3]).isEqualTo(ADD_ANSWER);
    }

    private static String callPrefixed(Socket socket, String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        var out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
        return readPrefixed(socket.getInputStream());
    }

    private static String readPrefixed(InputStream in) throws IOException {
        var data = new DataInputStream(in);
        byte[] payload = new byte[data.readInt()];
        data.readFully(payload);
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Writes 'x' without a newline until a write fails (the server closed) or {@code max} bytes went out. */
    private static long writeUntilRefused(OutputStream out, long max) {
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        long sent = 0;
        try {
            while (sent < max) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException e) {
            return sent; // reset by the server, as expected
        }
        return sent;
    }
}
