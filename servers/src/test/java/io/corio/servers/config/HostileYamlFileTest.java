package io.corio.servers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * More documents made to exhaust the loader, beyond {@link HostileYamlTest}: nesting by indentation and by flow
 * mappings, a bomb read from a file (the error names it), and many aliases to one large scalar (shared, not copied).
 */
@Timeout(10)
class HostileYamlFileTest {
    @TempDir
    Path dir;

    private static String listenerWithOptions(String options) {
        return "listeners:\n  - name: x\n    protocol: com.example.X\n    port: 1\n    options:\n" + options;
    }

    private static ConfigException refused(String yaml) {
        return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "bomb.yaml"));
    }

    @Test
    void deepNestingByIndentationIsRefused() {
        var options = new StringBuilder();
        for (int level = 0; level < 200; level++) {
            options.append(" ".repeat(6 + 2 * level)).append("k").append(level).append(":\n");
        }
        options.append(" ".repeat(6 + 400)).append("leaf: 1\n");

        ConfigException e = refused(listenerWithOptions(options.toString()));

        assertThat(e).isNotNull();
        assertThat(e.problem()).isEqualTo("lists and mappings nested deeper than 32 levels: refused");
    }

    @Test
    void deepNestingOfFlowMappingsIsRefused() {
        ConfigException e = refused("listeners: " + "{a: ".repeat(50_000) + "1" + "}".repeat(50_000) + "\n");

        assertThat(e).isNotNull();
        assertThat(e.problem()).isEqualTo("lists and mappings nested deeper than 32 levels: refused");
    }

    @Test
    void aBombInAFileIsRefusedAndTheErrorNamesTheFile() throws Exception {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (level - 1)))).append("]\n");
        }
        Path file = dir.resolve("laughs.yaml");
        Files.writeString(file, yaml);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("laughs.yaml").contains("a YAML bomb?");
    }

    @Test
    void manyAliasesToOneLargeScalarShareItInsteadOfCopyingIt() {
        String big = "x".repeat(64 * 1024);
        String options = "      big: &big " + big + "\n      many: [" + String.join(", ",
                java.util.Collections.nCopies(15_000, "*big")) + "]\n";

        CorioConfig config = ConfigLoader.parse(listenerWithOptions(options), "aliases.yaml");

        List<?> many = (List<?>) config.listeners().getFirst().customSettings().get("many");
        assertThat(many).hasSize(15_000);
        assertThat(many.getFirst()).isSameAs(many.getLast()); // one string: 1 GiB was never materialised
    }
}
