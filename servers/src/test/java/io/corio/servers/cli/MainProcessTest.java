package io.corio.servers.cli;

import io.corio.loop.internal.VirtualThreads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Main#main} in a fresh JVM: real exit codes, and a JVM started without the flag coroutines need. */
class MainProcessTest {

    record Run(int exitCode, String out, String err) {
    }

    private static Run java(boolean withFlag, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withFlag) {
            command.addAll(List.of(VirtualThreads.REQUIRED_FLAG.split(" ")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("corio-out", ".txt");
        Path err = Files.createTempFile("corio-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("corio " + String.join(" ", args) + " did not finish within 60 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void demoWithoutTheJvmFlagExitsThreeWithOneLineNamingTheFlag() throws Exception {
        Run run = java(false, "demo", "--quick");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .startsWith("corio demo: coroutines cannot run in this JVM: start it with "
                        + "--add-opens java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    void versionWithoutTheJvmFlagSaysCoroutinesAreUnavailable() throws Exception {
        Run run = java(false, "version");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(run.out()).contains("corio ", "coroutines  unavailable: start the JVM with "
                + "--add-opens java.base/java.lang=ALL-UNNAMED");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void withTheFlagMainExitsWithTheCommandsCode() throws Exception {
        assertThat(java(true, "version").exitCode()).isZero();
        Run usage = java(true, "no-such-command");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).startsWith("corio: unknown command 'no-such-command'");
    }
}
