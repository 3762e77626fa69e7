package io.corio.servers.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Requests, headers and options refuse what cannot be sent safely, with a message naming the problem. */
class HttpClientRequestTest {
    @Test
    void headerValuesWithLineBreaksCannotInjectFields() {
        var request = HttpClientRequest.get("http://h/");
        assertThatThrownBy(() -> request.withHeader("X-A", "1\r\nX-Injected: yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR, LF or NUL");
        assertThatThrownBy(() -> request.withHeader("Bad Name", "v")).hasMessageContaining("not a token character");
        assertThatThrownBy(() -> request.withHeader("", "v")).hasMessageContaining("must not be empty");
        assertThat(request.headers().isEmpty()).isTrue(); // the failed calls changed nothing
    }

    @Test
    void onlyHttpUrlsWithAHostAndTokenMethodsAreAccepted() {
        assertThatThrownBy(() -> HttpClientRequest.get("ftp://h/file")).hasMessageContaining("only http:// and https://");
        assertThatThrownBy(() -> HttpClientRequest.get("http:///path")).hasMessageContaining("needs a host");
        assertThatThrownBy(() -> HttpClientRequest.get("http://h/a b")).hasMessageContaining("bad URL");
        assertThatThrownBy(() -> HttpClientRequest.of("GE T", "http://h/")).hasMessageContaining("not a token");
    }

    @Test
    void headersCompareNamesCaseInsensitivelyAndKeepEveryValue() {
        var headers = new HttpClientHeaders().add("Set-Cookie", "a=1").add("set-cookie", "b=2")
                .add("Connection", "keep-alive, Upgrade");
        assertThat(headers.getAll("SET-COOKIE")).containsExactly("a=1", "b=2");
        assertThat(headers.containsToken("connection", "upgrade")).isTrue();
        assertThat(headers.containsToken("connection", "close")).isFalse();
        assertThat(headers.names()).containsExactly("Set-Cookie", "Connection");
        assertThat(headers.set("set-cookie", "c=3").getAll("Set-Cookie")).containsExactly("c=3");
    }

    @Test
    void optionsRejectValuesThatCannotWork() {
        var d = HttpClientOptions.DEFAULTS;
        assertThatThrownBy(() -> d.withConnectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout must be > 0");
        assertThatThrownBy(() -> d.withHeadersTimeout(Duration.ofSeconds(-1))).hasMessageContaining("headersTimeout");
        assertThatThrownBy(() -> d.withMaxConnectionsPerHost(0)).hasMessageContaining("maxConnectionsPerHost");
        assertThatThrownBy(() -> d.withMaxRedirects(-1)).hasMessageContaining("maxRedirects");
        assertThatThrownBy(() -> d.withUserAgent("x\r\ny")).hasMessageContaining("userAgent");
        assertThat(d.withHeadersTimeout(null).headersTimeout()).isNull();
    }
}
