package io.corio.servers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubprocessDemoCommandTest {
    @Test
    void childrenAtOnceFinishFasterThanOneAfterAnother() {
        Cli cli = Cli.run("demo", "subprocess", "--count", "10");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("10 children of sh -c 'sleep 0.1; echo $$'");
        double atOnce = seconds(cli.out(), "at once:");
        double sequential = seconds(cli.out(), "one after another:");
        assertThat(sequential).isGreaterThanOrEqualTo(1.0); // ten 0.1 s sleeps in a row
        assertThat(atOnce).isLessThan(sequential / 2);
    }

    @Test
    void aCountOutOfRangeIsAUsageError() {
        Cli cli = Cli.run("demo", "subprocess", "--count", "0");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--count must be 1..1000, got 0");
    }

    private static double seconds(String out, String label) {
        return out.lines().filter(l -> l.startsWith(label)).findFirst()
                .map(l -> Double.parseDouble(l.substring(label.length()).strip().split(" ")[0]))
                .orElseThrow(() -> new AssertionError("no line '" + label + "' in " + out));
    }
}
