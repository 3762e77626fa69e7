package io.corio.servers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpHeadersTest {
    @Test
    void namesAreCaseInsensitiveAndValuesKeepTheirOrder() {
        var h = new HttpHeaders().add("Accept", "a").add("X-Id", "1").add("accept", "b");
        assertThat(h.get("ACCEPT")).isEqualTo("a");
        assertThat(h.getAll("Accept")).containsExactly("a", "b");
        assertThat(h.size()).isEqualTo(3);
        h.set("ACCEPT", "c");
        assertThat(h.getAll("accept")).containsExactly("c");
        assertThat(h.remove("x-id")).isEqualTo(1);
        assertThat(h.toString()).isEqualTo("HttpHeaders[ACCEPT: c]");
    }

    @Test
    void tokensAreFoundInCommaLists() {
        var h = new HttpHeaders().add("Connection", "keep-alive, Upgrade");
        assertThat(h.containsToken("connection", "upgrade")).isTrue();
        assertThat(h.containsToken("connection", "close")).isFalse();
    }

    @Test
    void valuesThatCouldSplitAResponseAreRefused() {
        var h = new HttpHeaders();
        assertThatThrownBy(() -> h.add("X-A", "ok\r\nSet-Cookie: evil")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xd");
        assertThatThrownBy(() -> h.add("Bad Name", "v")).hasMessageContaining("header name");
        assertThatThrownBy(() -> h.add("X-A", "snow \u2603")).hasMessageContaining("0x2603");
        assertThat(h.isEmpty()).isTrue();
    }
}
