package io.corio.transports.internal.stream;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opens client connections for {@code Network.createConnection} and {@code createUnixConnection}. Host names are
 * resolved in the loop's default executor ({@code InetAddress.getAllByName} blocks); literal addresses skip
 * resolution. See {@link ConnectOperation} for the attempts, Happy Eyeballs and the deadline.
 */
public final class StreamConnector {
    private StreamConnector() {
    }

    public static Future<Transport> tcp(EventLoop loop, Supplier<? extends Protocol> factory, String host, int port,
                                        ConnectOptions options) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        String target = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        String tlsName = options.serverHostname() != null ? options.serverHostname() : host;
        var op = new ConnectOperation(loop, factory, target, tlsName, options, false);
        InetAddress literal = Resolver.literal(host);
        if (literal != null) {
            op.start(List.of(new InetSocketAddress(literal, port)));
            return op.result();
        }
        Future<InetAddress[]> resolved = loop.runInExecutor(null, () -> InetAddress.getAllByName(host));
        resolved.addDoneCallback(f -> {
            if (f.isCancelled()) {
                return;
            }
            if (f.exception() != null) {
                op.fail(Resolver.unknownHost(host, port, f.exception()));
                return;
            }
            op.start(Resolver.interleave(List.of(f.result())).stream()
                    .map(a -> (SocketAddress) new InetSocketAddress(a, port)).toList());
        });
        op.result().addDoneCallback(f -> {
            if (f.isCancelled()) {
                resolved.cancel();
            }
        });
        return op.result();
    }

    public static Future<Transport> unix(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
                                         ConnectOptions options) {
        var op = new ConnectOperation(loop, factory, path.toString(),
                options.serverHostname() != null ? options.serverHostname() : "localhost", options, true);
        try {
            UnixPaths.check(path);
        } catch (IOException e) {
            op.fail(e);
            return op.result();
        }
        op.start(List.of(UnixDomainSocketAddress.of(path)));
        return op.result();
    }
}
