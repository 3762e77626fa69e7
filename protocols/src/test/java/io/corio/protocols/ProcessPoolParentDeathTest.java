package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers die with their parent, even one killed with SIGKILL: they exit when their connection ends. */
class ProcessPoolParentDeathTest {

    /** The killed parent cannot remove its socket directory: put it where JUnit cleans up. */
    @TempDir
    Path temp;

    @Test
    void aParentKilledWithSigkillTakesItsWorkersWithIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Djava.io.tmpdir=" + temp,
                "-cp", System.getProperty("java.class.path"),
                PoolParentMain.class.getName())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var lines = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();   // blocks until the pool ran its first task; JUnit's timeout bounds it
            assertThat(line).startsWith("worker ");
            ProcessHandle worker = ProcessHandle.of(Long.parseLong(line.substring(7))).orElseThrow();
            assertThat(worker.isAlive()).isTrue();

            parent.destroyForcibly().waitFor();

            try {
                worker.onExit().get(10, TimeUnit.SECONDS);
            } finally {
                worker.destroyForcibly();   // only does something when the test fails
            }
            assertThat(worker.isAlive()).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }
}
