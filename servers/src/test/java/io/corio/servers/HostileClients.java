package io.corio.servers;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Support for the hostile-input and security tests: blocking clients run on their own platform thread while the
 * test's loop serves ({@code HostileClients.run(loop, () -> ...)} runs the loop until the client returns, at most
 * 60 s), raw socket exchanges, and tool checks that skip with a printed reason.
 */
public final class HostileClients {
    public static final long LIMIT_SECONDS = 60;

    private HostileClients() {
    }

    /** Runs {@code client} on a new platform thread and the loop until it returns; gives its result. */
    public static <T> T run(EventLoop loop, Callable<T> client) {
        var result = new CompletableFuture<T>();
        Thread.ofPlatform().daemon().name("hostile-test-client").start(() -> {
            try {
                result.complete(client.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return loop.runUntilComplete(Future.of(loop, result.orTimeout(LIMIT_SECONDS, TimeUnit.SECONDS)));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Connects to {@code port}, sends {@code request} and reads until the server closes (or resets, or 10 s pass);
     * returns what arrived as ISO-8859-1 text.
     */
    public static String exchange(int port, byte[] request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return new String(readToEnd(socket.getInputStream()), StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads until end of stream, a reset, or the socket timeout; returns what arrived. */
    public static byte[] readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            out.write("<timeout>".getBytes(StandardCharsets.ISO_8859_1));
        } catch (SocketException e) {
            out.write(("<" + e.getMessage() + ">").getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** Skips the test, saying why on stdout, when {@code tool} is not on the PATH. */
    public static void requireTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Arrays.stream(path.split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        if (!found) {
            System.out.println("SKIPPED: " + tool + " is not installed");
        }
        Assumptions.assumeTrue(found, tool + " is not installed");
    }
}
