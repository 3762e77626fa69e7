package io.corio.loop;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a JVM without --add-opens and checks that Corio says which flag is missing, and exits. */
class VirtualThreadsFlagTest {

    /** Started in the child JVM. */
    public static final class NoFlagMain {
        public static void main(String[] args) {
            try {
                EventLoop.create();
                System.out.println("UNEXPECTED: loop created");
            } catch (UnsupportedOperationException e) {
                System.out.println("REFUSED: " + e.getMessage());
            }
        }
    }

    @Test
    void withoutTheAddOpensFlagLoopCreationFailsNamingIt() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), NoFlagMain.class.getName())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the child JVM exits by itself").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("REFUSED").contains("--add-opens java.base/java.lang=ALL-UNNAMED");
    }
}
