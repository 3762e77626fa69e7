package io.corio.servers.http.client.internal;

import io.corio.servers.http.client.HttpClientException;
import io.corio.servers.http.client.HttpClientException.Kind;
import io.corio.servers.http.client.HttpClientHeaders;
import io.corio.servers.http.client.HttpClientRequest;
import io.corio.servers.http.client.HttpClientResponse;
import java.net.URI;

/** Which responses redirect, and the request that follows one (RFC 9110 §15.4). */
public final class Redirects {
    private Redirects() {
    }

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The request to send after {@code response}: to {@code Location} resolved against the request's URI; 303
     * (and 301/302 after a POST, as browsers do) become a GET without body; {@code Authorization} and
     * {@code Cookie} are dropped when the origin changes.
     *
     * @throws HttpClientException (REDIRECTS) when Location is missing or not a usable URL
     */
    public static HttpClientRequest next(HttpClientRequest request, HttpClientResponse response) {
        String location = response.header("Location");
        if (location == null || location.isBlank()) {
            throw new HttpClientException(Kind.REDIRECTS, request.target(), response.status()
                    + " redirect without a Location field", null);
        }
        URI target;
        try {
            target = request.uri().resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new HttpClientException(Kind.REDIRECTS, request.target(), "bad Location " + location, e);
        }
        int status = response.status();
        boolean toGet = status == 303 && !request.method().equals("HEAD")
                || (status == 301 || status == 302) && request.method().equals("POST");
        HttpClientHeaders headers = HttpClientHeaders.copyOf(request.headers());
        headers.remove("Host");
        if (!sameOrigin(request.uri(), target)) {
            headers.remove("Authorization");
            headers.remove("Cookie");
        }
        if (toGet) {
            headers.remove("Content-Type");
        }
        try {
            return new HttpClientRequest(toGet ? "GET" : request.method(), target, headers,
                    toGet ? null : request.body(), !toGet && request.chunked());
        } catch (IllegalArgumentException e) {
            throw new HttpClientException(Kind.REDIRECTS, request.target(), "cannot follow Location " + location
                    + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
