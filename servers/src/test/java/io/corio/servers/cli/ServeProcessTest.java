package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import io.corio.servers.launch.LineClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real server process ({@code corio echo} with the test services) stopped by real SIGTERMs. */
class ServeProcessTest {
    private Process process;

    @AfterEach
    void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private BufferedReader start(String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(VirtualThreads.REQUIRED_FLAG.split(" ")));
        command.add("--sun-misc-unsafe-memory-access=allow");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServeMain.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).start();
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** SIGTERM through the process handle: {@code Process.destroy()} would also close our ends of its pipes. */
    private void sigterm() {
        assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
    }

    private static int portOf(String banner) {
        assertThat(banner).matches("corio \\S+ serving echo tcp://127\\.0\\.0\\.1:\\d+");
        return Integer.parseInt(banner.substring(banner.lastIndexOf(':') + 1));
    }

    private BufferedReader stderr() {
        return new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenExitsZero() throws Exception {
        int port = portOf(start("echo", "--port", "0").readLine());
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello 0");
            client.send("slow 500");
            assertThat(client.read()).isEqualTo("working");

            sigterm();

            assertThat(client.read()).isEqualTo("done 500");
            assertThat(client.read()).isNull();
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        List<String> err = stderr().lines().toList();
        assertThat(err).hasSize(2);
        assertThat(err.get(0)).isEqualTo("corio echo: shutting down: stopped accepting, draining 1 connection "
                + "(up to 30.0 s)");
        assertThat(err.get(1)).matches("corio echo: shut down in \\d+\\.\\d s: 1 connection drained, 0 aborted");
    }

    @Test
    void secondSigtermClosesAtOnce() throws Exception {
        int port = portOf(start("echo", "--port", "0").readLine());
        BufferedReader err = stderr();
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello 0");
            client.send("slow 60000");
            assertThat(client.read()).isEqualTo("working");

            sigterm();
            assertThat(err.readLine()).startsWith("corio echo: shutting down:");
            sigterm();

            assertThat(client.read()).isNull();
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(err.readLine()).matches("corio echo: shut down in \\d+\\.\\d s: 0 connections drained, "
                + "1 aborted \\(second signal\\)");
    }

    @Test
    void sigintDrainsLikeSigterm() throws Exception {
        int port = portOf(start("echo", "--port", "0").readLine());
        try (var client = LineClient.connect(port)) {
            assertThat(client.read()).isEqualTo("hello 0");

            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).as("kill -INT").isZero();

            assertThat(client.read()).as("the idle connection is closed by the drain").isNull();
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stderr().readLine()).startsWith("corio echo: shutting down: stopped accepting, draining 1 ");
    }
}
