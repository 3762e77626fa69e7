package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A server that runs out of file descriptors on accept ({@code EMFILE}), in a real child JVM
 * ({@link FaultEchoServerMain}) whose limit {@code prlimit --pid} lowers to just above what it has open. The
 * server must log the error, stop accepting for a while instead of spinning on the listening socket that stays
 * ready, keep serving the connections it has, and accept the waiting clients once others close.
 */
class EmfileFaultsTest {
    private static final String ACCEPT_ERROR = "Error accepting a connection on TcpServer";
    /** utime + stime of the child, in clock ticks (USER_HZ, 100 per second on Linux). */
    private static final int TICKS_PER_SECOND = 100;

    private Process child;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stopChild() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        if (child != null) {
            child.getOutputStream().close();   // the child stops when its stdin closes
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private int startChild() throws IOException {
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx64m", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), FaultEchoServerMain.class.getName());
        child = new ProcessBuilder(command).start();
        Thread.ofPlatform().daemon().start(() -> {
            try (var err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                err.lines().forEach(log::add);
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String banner = out.readLine();
        assertThat(banner).as("child stderr: " + log).startsWith("port ");
        return Integer.parseInt(banner.substring(5));
    }

    private Socket connect(int port) throws IOException {
        var s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5_000);
        sockets.add(s);
        return s;
    }

    private static void assertEchoes(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        assertThat(s.getInputStream().readNBytes(bytes.length)).asString(StandardCharsets.US_ASCII).isEqualTo(text);
    }

    private long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(child.pid()), "fd"))) {
            return fds.count();
        }
    }

    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(child.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);   // fields 14 and 15: utime, stime
    }

    private void limitFds(long limit) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", String.valueOf(child.pid()),
                "--nofile=" + limit + ":" + limit).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Assumptions.assumeTrue(p.exitValue() == 0, "prlimit --pid cannot lower the child's limit here: " + out);
    }

    private long acceptErrors() {
        return log.stream().filter(line -> line.contains(ACCEPT_ERROR)).count();
    }

    private static boolean prlimitInstalled() {
        try {
            return new ProcessBuilder("prlimit", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void outOfFileDescriptorsTheServerBacksOffWithoutSpinningKeepsServingAndAcceptsAgainWhenClientsClose()
            throws Exception {
        Assumptions.assumeTrue(prlimitInstalled(), "prlimit (util-linux) is not installed: EMFILE not tried");
        int port = startChild();
        var existing = new ArrayList<Socket>();
        for (int i = 0; i < 3; i++) {
            existing.add(connect(port));
            assertEchoes(existing.getLast(), "existing " + i + "\n");
        }
        limitFds(openFds() + 2);

        var waiting = new ArrayList<Socket>();
        for (int i = 0; i < 16; i++) {   // two get a descriptor in the server; the kernel queues the others
            waiting.add(connect(port));
            waiting.getLast().getOutputStream().write(("waiting " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acceptErrors() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(log).as("(c) the error is logged").anyMatch(line -> line.contains(ACCEPT_ERROR)
                && line.contains("accepting again in 1000 ms"));
        assertThat(log).anyMatch(line -> line.contains("Too many open files"));

        for (int i = 0; i < existing.size(); i++) {
            assertEchoes(existing.get(i), "still served " + i + "\n");   // (a)
        }
        long ticks = cpuTicks();
        long errors = acceptErrors();
        Thread.sleep(1_500);
        long used = cpuTicks() - ticks;
        System.out.println("EMFILE: child CPU over 1.5 s: " + used * 1000 / TICKS_PER_SECOND + " ms, accept errors "
                + "logged: " + (acceptErrors() - errors));
        assertThat(used).as("(b) CPU ticks in 1.5 s: a spinning accept would use ~150").isLessThan(40);
        assertThat(acceptErrors() - errors).as("one retry a second, not a flood").isLessThanOrEqualTo(3);

        for (Socket s : existing) {
            s.close();   // (d) frees three descriptors in the server
        }
        answerAll(waiting);
    }

    /** Reads each waiting client's echo as the server gets to it, closing each answered client to free more. */
    private static void answerAll(List<Socket> waiting) throws Exception {
        var left = new ArrayList<>(waiting);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            for (Socket s : List.copyOf(left)) {
                String expected = "waiting " + waiting.indexOf(s) + "\n";
                s.setSoTimeout(50);
                try {
                    byte[] got = s.getInputStream().readNBytes(expected.length());
                    assertThat(got).asString(StandardCharsets.US_ASCII).isEqualTo(expected);
                    s.close();
                    left.remove(s);
                } catch (SocketTimeoutException notYet) {
                    // still in the accept queue
                }
            }
        }
        assertThat(left).as("clients still unanswered after the server could accept again").isEmpty();
    }
}
