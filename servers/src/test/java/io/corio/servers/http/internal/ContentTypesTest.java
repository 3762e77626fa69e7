package io.corio.servers.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypesTest {
    @Test
    void knownExtensionsMapCaseInsensitively() {
        assertThat(ContentTypes.of("index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(ContentTypes.of("app.JS")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ContentTypes.of("logo.svg")).isEqualTo("image/svg+xml");
        assertThat(ContentTypes.of("module.wasm")).isEqualTo("application/wasm");
        assertThat(ContentTypes.of("font.woff2")).isEqualTo("font/woff2");
        assertThat(ContentTypes.of("archive.tar.gz")).isEqualTo("application/gzip");
    }

    @Test
    void unknownOrMissingExtensionsAreOctetStream() {
        assertThat(ContentTypes.of("README")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.of("data.xyz")).isEqualTo(ContentTypes.DEFAULT);
        assertThat(ContentTypes.of("trailing.")).isEqualTo(ContentTypes.DEFAULT);
    }
}
