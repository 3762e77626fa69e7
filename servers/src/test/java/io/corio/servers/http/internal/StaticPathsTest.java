package io.corio.servers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticPathsTest {
    @Test
    void plainPathsDecodeSegmentBySegment() {
        var r = StaticPaths.resolve("/css/site%20main.css");
        assertThat(r.refused()).isFalse();
        assertThat(r.segments()).containsExactly("css", "site main.css");
        assertThat(r.under(Path.of("/srv"))).isEqualTo(Path.of("/srv/css/site main.css"));
    }

    @Test
    void emptyAndDotSegmentsAreSkipped() {
        assertThat(StaticPaths.resolve("//a/./b/").segments()).containsExactly("a", "b");
        assertThat(StaticPaths.resolve("/").segments()).isEmpty();
    }

    @Test
    void utf8EscapesDecodeToTheirCharacters() {
        assertThat(StaticPaths.resolve("/caf%C3%A9.txt").segments()).containsExactly("café.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2e/x",
            "/.%2e/x", "/a%2f..%2f..%2fetc", "/a%5c..%5cb", "/a\\..\\b", "/a%00.txt", "/a%0a", "/%", "/%zz",
            "/%c3", "etc/passwd", ""})
    void traversalAndMalformedPathsAreRefusedWithAReason(String path) {
        var r = StaticPaths.resolve(path);
        assertThat(r.refused()).as(path).isTrue();
        assertThat(r.refusal()).isNotBlank();
    }

    @Test
    void theRefusalNamesTheSegmentWithControlCharactersEscaped() {
        assertThat(StaticPaths.resolve("/a%00b").refusal()).contains("a%00b").contains("NUL");
        assertThat(StaticPaths.resolve("/x/%2e%2e").refusal()).contains("\"..\"");
    }

    @Test
    void dotFilesAreHidden() {
        assertThat(StaticPaths.resolve("/.git/config").isHidden()).isTrue();
        assertThat(StaticPaths.resolve("/a/.env").isHidden()).isTrue();
        assertThat(StaticPaths.resolve("/a/b.env").isHidden()).isFalse();
    }
}
