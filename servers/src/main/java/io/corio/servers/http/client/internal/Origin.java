package io.corio.servers.http.client.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where connections go, the key of the pool: scheme, host and port, or a Unix socket path (then host and port
 * only name the server in {@code Host} and for TLS).
 *
 * @param tls        true for {@code https}
 * @param host       the URL's host, lower case, without IPv6 brackets
 * @param port       the URL's port, or the scheme's default
 * @param unixSocket the socket every connection goes to, or null for TCP
 */
public record Origin(boolean tls, String host, int port, Path unixSocket) {
    public static Origin of(URI uri, Path unixSocket) {
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        return new Origin(tls, host, port, unixSocket);
    }

    /** The {@code Host} field: host, with brackets for IPv6, and the port when it is not the default. */
    public String hostField() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + hostField() + (unixSocket == null ? "" : " via " + unixSocket);
    }
}
