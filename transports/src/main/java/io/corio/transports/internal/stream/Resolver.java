package io.corio.transports.internal.stream;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Address helpers shared by the servers and the connector: literals, RFC 8305 ordering, error wording. */
final class Resolver {
    private Resolver() {
    }

    /** The address if {@code host} is a literal IPv4 or IPv6 address (no lookup), otherwise null. */
    static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.ofLiteral(h);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }

    /**
     * RFC 8305 section 4: alternate address families, starting with the family of the first address the
     * resolver returned, keeping the resolver's order within each family.
     */
    static List<InetAddress> interleave(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return addresses;
        }
        boolean firstIs6 = addresses.getFirst() instanceof Inet6Address;
        var first = new ArrayList<InetAddress>();
        var second = new ArrayList<InetAddress>();
        for (InetAddress a : addresses) {
            if (!first.contains(a) && !second.contains(a)) {
                ((a instanceof Inet6Address) == firstIs6 ? first : second).add(a);
            }
        }
        var out = new ArrayList<InetAddress>(first.size() + second.size());
        for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
            if (i < first.size()) {
                out.add(first.get(i));
            }
            if (i < second.size()) {
                out.add(second.get(i));
            }
        }
        return out;
    }

    static UnknownHostException unknownHost(String host, int port, Throwable cause) {
        var e = new UnknownHostException("cannot resolve '" + host + "'" + (port >= 0 ? " (port " + port + ")" : "")
                + ": " + cause.getMessage());
        e.initCause(cause);
        return e;
    }

    /** {@code 127.0.0.1:80}, {@code [::1]:80}, or a Unix path, without the JDK's leading slash. */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            String ip = inet.getAddress().getHostAddress();
            return (inet.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
