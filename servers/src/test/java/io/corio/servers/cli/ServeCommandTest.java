package io.corio.servers.cli;

import io.corio.servers.launch.Launcher;
import io.corio.servers.launch.LineClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code corio serve -c FILE} in-process with the real services. */
class ServeCommandTest {

    private static Path yaml(Path dir, String text) throws IOException {
        Path file = dir.resolve("corio.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static Cli run(Consumer<Launcher> client, String... args) {
        return Cli.run(Map.of(), commandLine -> {
            var serve = (Serving) commandLine.getSubcommands().get("serve").getCommand();
            serve.handleSignals = false;
            serve.started = launcher -> {
                try {
                    client.accept(launcher);
                } finally {
                    launcher.shutdown();
                }
            };
        }, args);
    }

    @Test
    void serveStartsEveryListenerOfTheFileAndPrintsThemInOneLine(@TempDir Path dir) throws Exception {
        Path file = yaml(dir, """
                listeners:
                  - name: first
                    protocol: echo
                    transport: tcp
                    host: 127.0.0.1
                    port: 0
                  - name: second
                    protocol: echo
                    transport: unix
                    path: %s
                """.formatted(dir.resolve("echo.sock")));
        var reply = new String[1];

        Cli cli = run(launcher -> {
            try (var client = LineClient.connect(launcher.listeners().getFirst().port())) {
                client.send("ping");
                reply[0] = client.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "serve", "-c", file.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(reply[0]).isEqualTo("ping");
        assertThat(cli.out().lines().toList()).singleElement().asString()
                .matches("corio \\S+ serving first tcp://127\\.0\\.0\\.1:\\d+, second unix:.*echo\\.sock");
    }

    @Test
    void protocolClassIsFoundOnTheClasspathOption(@TempDir Path dir) throws Exception {
        var javac = ToolProvider.getSystemJavaCompiler();
        Assumptions.assumeTrue(javac != null, "no Java compiler in this runtime: cannot make a user class");
        Path source = dir.resolve("src/com/example/Hi.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package com.example;
                public class Hi implements io.corio.transports.Protocol {
                    private final Object name;
                    public Hi(java.util.Map<String, Object> options) { name = options.get("name"); }
                    public void connectionMade(io.corio.transports.Transport t) { t.write("hi " + name + "\\n"); }
                }
                """);
        Path classes = dir.resolve("classes");
        assertThat(javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString())).isZero();
        Path file = yaml(dir, """
                listeners:
                  - name: custom
                    protocol: com.example.Hi
                    transport: tcp
                    host: 127.0.0.1
                    port: 0
                    options:
                      name: there
                """);
        var reply = new String[1];

        Cli cli = run(launcher -> {
            try (var client = LineClient.connect(launcher.listeners().getFirst().port())) {
                reply[0] = client.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "serve", "-c", file.toString(), "--classpath", classes.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(reply[0]).isEqualTo("hi there");
    }
}
