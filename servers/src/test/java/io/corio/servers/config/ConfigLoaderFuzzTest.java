package io.corio.servers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.corio.transports.support.Fuzz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link ConfigLoader#parse} (seeded, see {@link Fuzz}): the shipped configurations
 * (config/corio.yaml, config/examples/*.yaml) after random edits, and random text, give a configuration or a
 * {@link ConfigException} that names the source and a line; never another exception.
 */
class ConfigLoaderFuzzTest {
    private static final String SOURCE = "fuzz.yaml";
    private static final List<String> SHIPPED = shipped();
    private static final List<String> TOKENS = List.of(":", ": ", "- ", "-", "&a ", "*a", "<<: *a\n", "!!str ",
            "!!binary ", "!foo ", "{", "}", "[", "]", "'", "\"", "#", "\t", "\n", "\n  ", "\n    ", "|", ">", "? ",
            "~", "null", "0", "-1", "65536", "99999999999999999999", "1e400", "0x1F", "0o17", ".inf", "1.5",
            "true", "\"\\u0000\"", "\u0000", "\uFEFF", "\u00e9", "%YAML 1.1\n", "---\n", "...\n", "port: ",
            "listeners:\n", "tls:\n", "limits:\n", "timeouts:\n", "address: ", "unix:///tmp/x", "tcp://[::1]:0",
            "10ms", "5 s", "1 GiB", "-5s");

    @Test
    void mutatedConfigsGiveAConfigOrAConfigExceptionNamingTheLine() {
        Fuzz.forAll(ConfigLoaderFuzzTest::mutated).shrinkWith(ConfigLoaderFuzzTest::shrinkLines)
                .show(ConfigLoaderFuzzTest::quote).tries(1200).check(ConfigLoaderFuzzTest::loadsOrNamesTheLine);
    }

    @Test
    void randomTextGivesAConfigExceptionNamingTheLine() {
        Fuzz.forAll(rng -> new String(Fuzz.bytes(rng, 200), StandardCharsets.ISO_8859_1))
                .shrinkWith(ConfigLoaderFuzzTest::shrinkChars).show(ConfigLoaderFuzzTest::quote).tries(800)
                .check(ConfigLoaderFuzzTest::loadsOrNamesTheLine);
    }

    /**
     * Found by the fuzzer (a mutated config/examples/admin.yaml): a merge key aliasing the mapping that holds it
     * made SnakeYAML Engine's composer loop for ever; now refused as a recursive alias at the alias.
     */
    @Test
    void aMergeKeyAliasingItsOwnMappingIsRefusedInsteadOfLooping() {
        for (String text : List.of("a: &a\n  <<: *a\n", "admin: &a\n  <<: *a\n  port: 9100\nlisteners: []\n",
                "listeners:\n  - &l {name: a, protocol: echo, port: 1, x: [{<<: *l}]}\n")) {
            ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(ConfigException.class, () -> ConfigLoader.parse(text, SOURCE)));
            assertThat(e.problem()).as(text).contains("recursive");
            assertThat(e.line()).as(text).isEqualTo(2);
        }
        assertThat(ConfigLoader.parse("listeners:\n  - &l {name: a, protocol: echo, port: 1}\n  - {<<: *l, name: b, "
                + "port: 2}\n", SOURCE).listeners()).hasSize(2);
    }

    /** Found by the fuzzer (random text, scale 200): a malformed tag made SnakeYAML throw IllegalArgumentException. */
    @Test
    void aMalformedTagIsAConfigExceptionAtItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("!%a", SOURCE));
        assertThat(e.getMessage()).startsWith(SOURCE + ":1:1: YAML: Tag must not contain");
    }

    /**
     * The property: a config, or a ConfigException whose message starts {@code fuzz.yaml:LINE}; only a problem
     * of the whole document (empty, too large) has no line.
     */
    static void loadsOrNamesTheLine(String text) {
        try {
            ConfigLoader.parse(text, SOURCE, repoRoot().resolve("config"));
        } catch (ConfigException e) {
            assertThat(e.source()).isEqualTo(SOURCE);
            if (e.problem().startsWith("the document is empty") || e.problem().startsWith("the document has ")) {
                return;
            }
            assertThat(e.line()).as("line of: %s", e.getMessage()).isPositive();
            assertThat(e.getMessage()).startsWith(SOURCE + ":" + e.line());
        }
    }

    // ------------------------------------------------------------------------------------ generating

    /** A shipped file after 1 to 4 line edits (delete, duplicate, swap, re-indent) and/or byte edits. */
    private static String mutated(SplittableRandom rng) {
        String text = SHIPPED.get(rng.nextInt(SHIPPED.size()));
        var lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        for (int e = rng.nextInt(4); e > 0 && lines.size() > 1; e--) {
            int i = rng.nextInt(lines.size());
            int j = rng.nextInt(lines.size());
            switch (rng.nextInt(4)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(j, lines.get(i));
                case 2 -> lines.set(i, lines.set(j, lines.get(i)));
                default -> lines.set(i, " ".repeat(rng.nextInt(7)) + lines.get(i).strip());
            }
        }
        String edited = String.join("\n", lines);
        if (rng.nextInt(3) == 0) {
            return edited;
        }
        return new String(Fuzz.mutate(rng, edited.getBytes(StandardCharsets.UTF_8), TOKENS), StandardCharsets.UTF_8);
    }

    private static List<String> shrinkLines(String text) {
        var out = new ArrayList<String>();
        List<String> lines = Arrays.asList(text.split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            var fewer = new ArrayList<>(lines);
            fewer.remove(i);
            out.add(String.join("\n", fewer));
        }
        out.addAll(shrinkChars(text));
        return out;
    }

    private static List<String> shrinkChars(String text) {
        return Fuzz.shrinkBytes(text.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    private static String quote(String text) {
        return Fuzz.show(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path repoRoot() {
        return ShippedConfigsTest.repoRoot();
    }

    private static List<String> shipped() {
        Path config = repoRoot().resolve("config");
        try (Stream<Path> examples = Files.list(config.resolve("examples"))) {
            var files = new ArrayList<Path>(List.of(config.resolve("corio.yaml")));
            files.addAll(examples.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
            var texts = new ArrayList<String>();
            for (Path f : files) {
                texts.add(Files.readString(f));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
