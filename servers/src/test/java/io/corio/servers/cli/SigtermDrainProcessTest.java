package io.corio.servers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.internal.VirtualThreads;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code corio serve} process with the shipped services (http with JSON-RPC at /rpc, rpc with newline
 * framing), 100 HTTP clients and 20 JSON-RPC calls in the middle of the demo's {@code sleep}, then a real SIGTERM:
 * every request sent before the signal gets its whole answer and a clean end of stream (no reset, no truncated
 * body), and the process exits 0 once drained.
 */
class SigtermDrainProcessTest {
    private static final int HTTP_CLIENTS = 100;
    private static final int RPC_CONNECTIONS = 5;
    private static final int RPC_CALLS_EACH = 4;
    private static final int SLEEP_MS = 1000;
    private static final Pattern LISTENER = Pattern.compile("(\\w+) tcp://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Map<String, Integer> start() throws IOException {
        Path config = dir.resolve("corio.yaml");
        Files.writeString(config, """
                shutdown:
                  timeout: 20s
                listeners:
                  - name: web
                    protocol: http
                    port: 0
                    options: {accessLog: false, rpcPath: /rpc}
                  - name: rpc
                    protocol: rpc
                    port: 0
                    options: {framing: newline}
                """);
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(VirtualThreads.REQUIRED_FLAG.split(" ")));
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of("serve", "-c", config.toString()));
        process = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
        String banner = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        var ports = new HashMap<String, Integer>();
        Matcher m = LISTENER.matcher(String.valueOf(banner));
        while (m.find()) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(ports).as(banner).containsOnlyKeys("web", "rpc");
        return ports;
    }

    private static String rpcCall(int id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":{\"ms\":" + SLEEP_MS + "},\"id\":" + id + "}";
    }

    /** POSTs one slow call to /rpc; returns everything the server sent until it closed (a reset throws). */
    private static String httpClient(Socket socket, int id) throws IOException {
        byte[] body = rpcCall(id).getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST /rpc HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body);
        return readToEnd(socket.getInputStream());
    }

    private static String readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Checks a whole HTTP answer: 200, the body as long as its Content-Length, the call's result. */
    private static void assertCompleteHttpAnswer(String answer, int id) {
        assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n");
        int end = answer.indexOf("\r\n\r\n");
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(answer.substring(0, end));
        assertThat(length.find()).as(answer).isTrue();
        String body = answer.substring(end + 4);
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(Integer.parseInt(length.group(1)));
        assertThat(body).contains("\"result\":" + SLEEP_MS, "\"id\":" + id);
    }

    @Test
    void sigtermAnswersEveryHttpRequestAndRpcCallInFlightThenExitsZero() throws Exception {
        Map<String, Integer> ports = start();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            var http = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < HTTP_CLIENTS; i++) {
                int id = i;
                Socket socket = new Socket("127.0.0.1", ports.get("web"));
                socket.setSoTimeout(30_000);
                http.add(CompletableFuture.supplyAsync(() -> call(() -> httpClient(socket, id)), clients));
            }
            var rpc = new ArrayList<CompletableFuture<String>>();
            for (int c = 0; c < RPC_CONNECTIONS; c++) {
                Socket socket = new Socket("127.0.0.1", ports.get("rpc"));
                socket.setSoTimeout(30_000);
                var calls = new StringBuilder();
                for (int k = 0; k < RPC_CALLS_EACH; k++) {
                    calls.append(rpcCall(1000 + c * RPC_CALLS_EACH + k)).append('\n');
                }
                socket.getOutputStream().write(calls.toString().getBytes(StandardCharsets.UTF_8));
                rpc.add(CompletableFuture.supplyAsync(() -> call(() -> readToEnd(socket.getInputStream())), clients));
            }
            // A quick request answered by each listener's one worker after all those: every one was accepted.
            assertThat(quickAnswer(ports.get("web"))).startsWith("HTTP/1.1 200 OK");
            assertThat(quickRpc(ports.get("rpc"))).contains("\"result\":0");

            assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();

            for (int i = 0; i < HTTP_CLIENTS; i++) {
                assertCompleteHttpAnswer(http.get(i).get(30, TimeUnit.SECONDS), i);
            }
            for (int c = 0; c < RPC_CONNECTIONS; c++) {
                List<String> lines = rpc.get(c).get(30, TimeUnit.SECONDS).lines().toList();
                assertThat(lines).hasSize(RPC_CALLS_EACH).allSatisfy(line -> assertThat(line)
                        .contains("\"result\":" + SLEEP_MS));
            }
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exited after the drain").isTrue();
        assertThat(process.exitValue()).isEqualTo(ExitCodes.OK);
        String log = Files.readString(dir.resolve("stderr.txt"));
        System.out.print(log);
        assertThat(log).contains("draining " + (HTTP_CLIENTS + RPC_CONNECTIONS) + " connections")
                .contains((HTTP_CLIENTS + RPC_CONNECTIONS) + " connections drained, 0 aborted");
    }

    private static String quickAnswer(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return readToEnd(socket.getInputStream());
        }
    }

    private static String quickRpc(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":{\"ms\":0},"
                    + "\"id\":0}\n").getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }

    interface IoCall {
        String run() throws IOException;
    }

    private static String call(IoCall body) {
        try {
            return body.run();
        } catch (IOException e) {
            throw new AssertionError("a client saw " + e, e);
        }
    }
}
