package io.corio.servers.cli;

import io.corio.servers.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aValidFilePrintsOkAndOneLinePerListener() throws Exception {
        Path file = write("ok.yaml", """
                admin: {port: 9100}
                listeners:
                  - {name: echo, protocol: echo, port: 7000}
                  - {name: web, protocol: http, port: 8080, workers: 2}
                  - {name: local, protocol: rpc, transport: unix, path: rpc.sock}
                """);

        Cli cli = Cli.run("check", "-c", file.toString());

        assertThat(cli.err()).isEmpty();
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out().lines().map(line -> line.replaceAll("  +", " | "))).containsExactly(
                file + ": ok, 3 listeners",
                " | echo | echo | tcp://127.0.0.1:7000 | workers 1",
                " | web | http | tcp://127.0.0.1:8080 | workers 2",
                " | local | rpc | unix:" + dir.resolve("rpc.sock") + " | workers 1",
                " | (admin) | http | tcp://127.0.0.1:9100 | /healthz /metrics /tasks");
        assertThat(cli.out().lines().skip(1).map(line -> line.indexOf("tcp://") + line.indexOf("unix:") + 1))
                .as("the address column is aligned").containsOnly(cli.out().lines().skip(1).findFirst()
                        .orElseThrow().indexOf("tcp://"));
    }

    @Test
    void aUserProtocolClassIsNotLoadedByTheCheck() throws Exception {
        Path file = write("custom.yaml", """
                listeners:
                  - {name: mine, protocol: com.example.NotOnTheClasspath, port: 9000, options: {greeting: hi}}
                """);

        Cli cli = Cli.run("check", "-c", file.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("mine  com.example.NotOnTheClasspath  tcp://127.0.0.1:9000  workers 1");
    }

    @Test
    void aMistakeIsOneLineWithItsPositionAndExitCodeTwo() throws Exception {
        Path file = write("bad.yaml", """
                listeners:
                  - name: web
                    protocol: http
                    port: 8080
                    workerz: 2
                """);

        Cli cli = Cli.run("check", "--config", file.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).hasSize(1);
        assertThat(cli.errLines()[0]).startsWith("corio check: " + file + ":5:5: listeners[0].workerz: unknown key")
                .endsWith("(did you mean workers?)");
    }

    @Test
    void aMissingCertificateFileFailsTheCheckAtItsKey() throws Exception {
        Files.writeString(dir.resolve("key.pem"), "not really a key: check does not load it");
        Path file = write("tls.yaml", """
                listeners:
                  - name: s
                    protocol: echo
                    transport: tls
                    port: 7443
                    tls:
                      cert: cert.pem
                      key: key.pem
                """);

        Cli cli = Cli.run("check", "-c", file.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly("corio check: " + file + ":7:13: listeners[0].tls.cert: "
                + "no such file: " + dir.resolve("cert.pem") + " (for development, bin/corio cert --out DIR writes "
                + "cert.pem and key.pem)");

        Files.writeString(dir.resolve("cert.pem"), "not really a certificate");
        assertThat(Cli.run("check", "-c", file.toString()).exitCode()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void anHttpRootThatIsAFileAndASocketInAMissingDirectoryFailTheCheck() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
        Path root = write("root.yaml", """
                listeners:
                  - {name: web, protocol: http, port: 8080, options: {root: index.html}}
                """);
        Path socket = write("socket.yaml", """
                listeners:
                  - {name: local, protocol: echo, transport: unix, path: run/echo.sock}
                """);

        Cli rootCheck = Cli.run("check", "-c", root.toString());
        Cli socketCheck = Cli.run("check", "-c", socket.toString());

        assertThat(rootCheck.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rootCheck.errLines()).containsExactly("corio check: " + root + ":2:61: "
                + "listeners[0].options.root: not a directory: " + dir.resolve("index.html"));
        assertThat(socketCheck.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(socketCheck.errLines()).containsExactly("corio check: " + socket + ":2:58: listeners[0].path: "
                + "no such directory: " + dir.resolve("run"));
    }

    @Test
    void aMissingConfigurationFileExitsTwo() {
        Path missing = dir.resolve("nope.yaml");

        Cli cli = Cli.run("check", "-c", missing.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly("corio check: " + missing + ": no such file");
    }

    @Test
    void theShippedDefaultFileChecksOk() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("config/corio.yaml"))) {
            root = root.getParent();
            assertThat(root).as("repository root").isNotNull();
        }
        Path file = root.resolve("config/corio.yaml");

        Cli cli = Cli.run("check", "-c", file.toString());

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).startsWith(file + ": ok, 3 listeners");
    }

    @Command(name = "serve-like")
    static final class LoadsABadFile implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new ConfigException("x.yaml", 3, 7, "listeners[0].port", "expected 0..65535, got 70000");
        }
    }

    @Test
    void anyCommandThatMeetsABadConfigurationExitsTwoWithTheOneLine() {
        Cli cli = Cli.run(Map.of(), cl -> cl.addSubcommand("serve-like", new LoadsABadFile()), "serve-like");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly(
                "corio serve-like: x.yaml:3:7: listeners[0].port: expected 0..65535, got 70000");
    }
}
