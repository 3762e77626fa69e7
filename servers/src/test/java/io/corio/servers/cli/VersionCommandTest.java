package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VersionCommandTest {

    @Test
    void printsCorioJavaOsAndThatCoroutinesAreAvailable() {
        Cli cli = Cli.run("version");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out().lines()).hasSize(5);
        assertThat(cli.out().lines().toList().get(0)).matches("corio {7}\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(cli.out()).contains(
                "java        " + Runtime.version() + " (" + System.getProperty("java.vendor"),
                "java.home   " + System.getProperty("java.home"),
                "os          " + System.getProperty("os.name"),
                System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " processors",
                "coroutines  available");
    }

    @Test
    void withoutTheJvmFlagItSaysWhichFlagAndExitsThree() {
        Cli cli = Cli.run(Map.of(), cl -> ((VersionCommand) cl.getSubcommands().get("version").getCommand())
                .coroutineProbe = () -> {
                    throw new UnsupportedOperationException("needs " + VirtualThreads.REQUIRED_FLAG);
                }, "version");

        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(cli.out()).contains("corio ", "java ",
                "coroutines  unavailable: start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED");
        assertThat(cli.errLines()).hasSize(1);
        assertThat(cli.errLines()[0]).startsWith("corio version: coroutines cannot run in this JVM: start it "
                + "with --add-opens java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    void versionComesFromTheFilteredResourceWhenThereIsNoManifest() {
        // tests run from target/classes: no jar manifest, so this is the resource Maven filtered
        assertThat(CorioVersion.get()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void anUnfilteredOrMissingResourceFallsBackToDev() {
        assertThat(CorioVersion.fromResource(null)).isEqualTo("dev");
        assertThat(CorioVersion.fromResource(stream("version=${project.version}\n"))).isEqualTo("dev");
        assertThat(CorioVersion.fromResource(stream("# nothing\n"))).isEqualTo("dev");
        assertThat(CorioVersion.fromResource(stream("version=1.2.3\n"))).isEqualTo("1.2.3");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
