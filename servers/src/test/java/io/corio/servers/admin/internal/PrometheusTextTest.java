package io.corio.servers.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.servers.admin.internal.PrometheusText.Type;
import org.junit.jupiter.api.Test;

/** The text exposition format 0.0.4, without any server. */
class PrometheusTextTest {
    @Test
    void familyHasHelpAndTypeLinesThenOneSamplePerLine() {
        String text = new PrometheusText()
                .family("corio_connections_open", Type.GAUGE, "Stream connections open now.")
                .sample(3, "loop", "main", "listener", "web")
                .sample(0, "loop", "worker-1", "listener", "web")
                .toString();
        assertThat(text).isEqualTo("""
                # HELP corio_connections_open Stream connections open now.
                # TYPE corio_connections_open gauge
                corio_connections_open{loop="main",listener="web"} 3
                corio_connections_open{loop="worker-1",listener="web"} 0
                """);
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        String text = new PrometheusText().family("m", Type.COUNTER, "h")
                .sample(1, "listener", "a\\b\"c\nd").toString();
        assertThat(text.lines().toList().get(2)).isEqualTo("m{listener=\"a\\\\b\\\"c\\nd\"} 1");
    }

    @Test
    void helpEscapesBackslashAndNewlineButNotQuotes() {
        String text = new PrometheusText().family("m", Type.UNTYPED, "say \"hi\"\\\nnext").toString();
        assertThat(text).startsWith("# HELP m say \"hi\"\\\\\\nnext\n# TYPE m untyped\n");
    }

    @Test
    void nullLabelValuesAreLeftOutAndUnlabelledSamplesHaveNoBraces() {
        String text = new PrometheusText().family("m", Type.GAUGE, "h").sample(2, "loop", "main", "listener", null)
                .sample(5).toString();
        assertThat(text).endsWith("m{loop=\"main\"} 2\nm 5\n");
    }

    @Test
    void doublesAreWrittenAsTheFormatReadsThem() {
        assertThat(PrometheusText.format(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.format(2.0)).isEqualTo("2");
        assertThat(PrometheusText.format(1.5e-6)).isEqualTo("1.5E-6");
        assertThat(PrometheusText.format(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void badNamesAndRepeatedFamiliesAreRejected() {
        var text = new PrometheusText().family("ok_name:sub", Type.GAUGE, "h");
        assertThatThrownBy(() -> text.family("ok_name:sub", Type.GAUGE, "h")).hasMessageContaining("declared twice");
        assertThatThrownBy(() -> text.family("1abc", Type.GAUGE, "h")).hasMessageContaining("bad metric name");
        assertThatThrownBy(() -> text.family("a-b", Type.GAUGE, "h")).hasMessageContaining("bad metric name");
        assertThatThrownBy(() -> text.sample(1, "bad:label", "x")).hasMessageContaining("bad label name");
        assertThatThrownBy(() -> text.sample(1, "odd")).hasMessageContaining("pairs");
        assertThatThrownBy(() -> new PrometheusText().sample(1)).hasMessageContaining("before family");
    }
}
