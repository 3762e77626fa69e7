package io.corio.servers.launch;

import io.corio.servers.config.TransportKind;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;

/**
 * A listener that is serving, with the addresses it really bound (port 0 resolved).
 *
 * @param name      the listener's name
 * @param transport its transport
 * @param addresses the bound addresses of its first worker (every worker shares them through SO_REUSEPORT);
 *                  several when the host name resolved to several addresses
 * @param workers   loops serving it
 */
public record RunningListener(String name, TransportKind transport, List<SocketAddress> addresses, int workers) {
    public RunningListener {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a running listener has at least one address");
        }
    }

    /** The first bound port, -1 for a Unix socket. */
    public int port() {
        return addresses.getFirst() instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    /** How the banner shows it: {@code web tcp://127.0.0.1:8080 (2 workers)}, {@code rpc unix:/tmp/rpc.sock}. */
    public String describe() {
        var s = new StringBuilder(name);
        for (SocketAddress address : addresses) {
            s.append(' ').append(uri(transport, address));
        }
        if (workers > 1) {
            s.append(" (").append(workers).append(" workers)");
        }
        return s.toString();
    }

    /** {@code tcp://127.0.0.1:7000}, {@code tls://[::1]:8443}, {@code unix:/tmp/s.sock}. */
    public static String uri(TransportKind transport, SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress unix) {
            return "unix:" + unix.getPath();
        }
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            int zone = host.indexOf('%');
            if (zone >= 0) {
                host = host.substring(0, zone);
            }
            return transport.yamlName() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + inet.getPort();
        }
        return transport.yamlName() + "://" + address;
    }
}
