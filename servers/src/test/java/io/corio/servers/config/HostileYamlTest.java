package io.corio.servers.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Documents made to exhaust the loader are refused quickly, with an error that says why. */
@Timeout(10)
class HostileYamlTest {

    private static ConfigException refused(String yaml) {
        long start = System.nanoTime();
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "bomb.yaml", Path.of("/srv")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e).as("refused").isNotNull();
        assertThat(millis).as("milliseconds to refuse: " + e.getMessage()).isLessThan(2_000);
        return e;
    }

    /** A user protocol's options: the one place arbitrary structure is read. */
    private static String listenerWithOptions(String options) {
        return "listeners:\n  - name: x\n    protocol: com.example.X\n    port: 1\n    options:\n" + options;
    }

    @Test
    void theBillionLaughsAreRefusedAtTheFiftyFirstAlias() {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("a").append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
            }
            yaml.append("]\n");
        }

        ConfigException e = refused(yaml.toString());

        assertThat(e.problem()).isEqualTo("more than 50 aliases to lists or mappings (a YAML bomb?): refused");
        assertThat(e.line()).isEqualTo(7); // a6: the 6th level holds aliases 46..54
    }

    @Test
    void anExpansionWithinTheAliasLimitIsStoppedByTheNodeBudget() {
        var options = new StringBuilder("      l0: &l0 [x, x]\n");
        for (int level = 1; level <= 24; level++) { // 48 aliases, 2^24 leaves when expanded
            options.append("      l").append(level).append(": &l").append(level)
                    .append(" [*l").append(level - 1).append(", *l").append(level - 1).append("]\n");
        }

        ConfigException e = refused(listenerWithOptions(options.toString()));

        assertThat(e.problem()).isEqualTo("the document expands to more than 100000 values through aliases: "
                + "refused");
        assertThat(e.key()).startsWith("listeners[0].options.l");
    }

    @Test
    void deepNestingIsRefusedBeforeItCanOverflowTheStack() {
        String yaml = "listeners: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        ConfigException e = refused(yaml);

        assertThat(e.problem()).isEqualTo("lists and mappings nested deeper than 32 levels: refused");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(12 + 31); // the root mapping is level 1: the 32nd [ is level 33
    }

    @Test
    void nestingWithinTheLimitIsAccepted() {
        String options = "      deep: " + "[".repeat(20) + "1" + "]".repeat(20) + "\n";

        CorioConfig config = ConfigLoader.parse(listenerWithOptions(options), "ok.yaml");

        assertThat(config.listeners().getFirst().customSettings()).containsKey("deep");
    }

    @Test
    void aRecursiveAliasIsRefused() {
        ConfigException e = refused(listenerWithOptions("      loop: &loop [1, *loop]\n"));

        assertThat(e.problem()).contains("recursive");
        assertThat(e.line()).isEqualTo(6);
    }

    @Test
    void aDocumentOverOneMebiCharactersIsRefusedUnread() {
        String yaml = "listeners: [{name: a, protocol: echo, port: 1}]\n#" + "x".repeat(1 << 20) + "\n";

        ConfigException e = refused(yaml);

        assertThat(e.line()).isZero();
        assertThat(e.problem()).startsWith("the document has " + yaml.length() + " characters, more than the "
                + "limit of 1048576");
    }

    @Test
    void moreThanOneDocumentIsRefused() {
        ConfigException e = refused("""
                listeners: [{name: a, protocol: echo, port: 1}]
                ---
                listeners: [{name: b, protocol: echo, port: 2}]
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo("YAML syntax: expected a single document in the stream, but found "
                + "another document");
    }
}
