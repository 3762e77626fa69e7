package io.corio.transports.internal.stream;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * Binds TCP and Unix servers for {@code Network.createServer} and {@code createUnixServer}. Names are resolved
 * off the loop (in the loop's default executor); literal addresses and the wildcard are bound at once.
 */
public final class StreamServers {
    /** When port 0 is asked for several addresses, how often to retry if the port chosen for the first is taken. */
    private static final int PORT_ZERO_ATTEMPTS = 5;

    private StreamServers() {
    }

    public static Future<Server> tcp(EventLoop loop, Supplier<? extends Protocol> factory, String host, int port,
                                     ServerOptions options) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        Future<Server> result = loop.createFuture();
        if (host == null || host.isEmpty()) {
            listen(loop, factory, Arrays.asList((InetAddress) null), port, options, result);
            return result;
        }
        InetAddress literal = Resolver.literal(host);
        if (literal != null) {
            listen(loop, factory, List.of(literal), port, options, result);
            return result;
        }
        loop.runInExecutor(null, () -> InetAddress.getAllByName(host)).addDoneCallback(resolved -> {
            if (result.isDone()) {
                return;
            }
            if (resolved.exception() != null) {
                result.setException(Resolver.unknownHost(host, port, resolved.exception()));
            } else {
                listen(loop, factory, List.of(resolved.result()), port, options, result);
            }
        });
        return result;
    }

    private static void listen(EventLoop loop, Supplier<? extends Protocol> factory, List<InetAddress> hosts,
                               int port, ServerOptions options, Future<Server> result) {
        try {
            List<ServerSocketChannel> channels = bindAll(new ArrayList<>(new LinkedHashSet<>(hosts)), port, options);
            var addresses = new ArrayList<SocketAddress>();
            for (ServerSocketChannel channel : channels) {
                addresses.add(channel.getLocalAddress());
            }
            var server = new StreamServer(loop, factory, options, channels, addresses, false, null);
            if (options.startServing()) {
                server.startServing();
            }
            result.setResult(server);
        } catch (IOException | RuntimeException e) {
            result.setException(e);
        }
    }

    /**
     * One listening socket per address, all on the same port. A null address is the wildcard: one socket on
     * {@code ::} that also accepts IPv4 on a dual-stack host (the JDK cannot set {@code IPV6_V6ONLY}), or on
     * {@code 0.0.0.0} where IPv6 is unavailable.
     */
    private static List<ServerSocketChannel> bindAll(List<InetAddress> hosts, int port, ServerOptions options)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            var bound = new ArrayList<ServerSocketChannel>();
            int actualPort = port;
            try {
                for (InetAddress host : hosts) {
                    InetSocketAddress address = host == null ? new InetSocketAddress(actualPort)
                            : new InetSocketAddress(host, actualPort);
                    ServerSocketChannel channel = host == null ? ServerSocketChannel.open()
                            : ServerSocketChannel.open(host instanceof Inet6Address
                                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                    bound.add(channel);
                    configure(channel, options);
                    bind(channel, address, options.backlog());
                    actualPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
                }
                return bound;
            } catch (IOException | RuntimeException e) {
                closeAll(bound);
                boolean portTakenOnLaterAddress = e instanceof BindException && port == 0 && bound.size() > 1;
                if (!portTakenOnLaterAddress || attempt == PORT_ZERO_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void configure(ServerSocketChannel channel, ServerOptions options) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
        if (options.reusePort()) {
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            } catch (UnsupportedOperationException e) {
                throw new IOException("SO_REUSEPORT is not supported on this platform", e);
            }
        }
    }

    private static void bind(ServerSocketChannel channel, SocketAddress address, int backlog) throws IOException {
        try {
            channel.bind(address, backlog);
        } catch (IOException e) {
            var named = new BindException("cannot listen on " + Resolver.describe(address) + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    private static void closeAll(List<ServerSocketChannel> channels) {
        for (ServerSocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket that never served
            }
        }
    }

    public static Future<Server> unix(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
                                      ServerOptions options) {
        Future<Server> result = loop.createFuture();
        ServerSocketChannel channel = null;
        try {
            UnixPaths.check(path);
            UnixPaths.removeStale(path);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            bind(channel, UnixDomainSocketAddress.of(path), options.backlog());
            Object fileKey = UnixPaths.fileKey(path);
            var server = new StreamServer(loop, factory, options, List.of(channel),
                    List.of(channel.getLocalAddress()), true, () -> UnixPaths.deleteIfSame(path, fileKey));
            if (options.startServing()) {
                server.startServing();
            }
            result.setResult(server);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                closeAll(List.of(channel));
            }
            result.setException(e);
        }
        return result;
    }
}
