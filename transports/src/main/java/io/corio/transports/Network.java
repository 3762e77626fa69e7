package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.internal.LoopCounters;
import io.corio.transports.internal.stream.StreamConnector;
import io.corio.transports.internal.stream.StreamServers;
import io.corio.transports.internal.tls.TlsLayers;
import io.corio.transports.internal.udp.DatagramEndpoints;
import io.corio.transports.tls.TlsContext;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where connections begin: servers, client connections, UDP endpoints and TLS upgrades, as asyncio's
 * {@code loop.create_server}, {@code create_connection}, {@code create_datagram_endpoint} and {@code start_tls}.
 *
 * <p>Call these on the loop thread (from a callback or a coroutine) or from any thread while the loop is not
 * running. They return futures of the loop: await them in a coroutine, or run the loop until they complete.
 * Failures (a port in use, a refused connection, a timeout, a failed handshake) complete the future
 * exceptionally with an {@link java.io.IOException} or {@link javax.net.ssl.SSLException} whose message names
 * the address.
 */
public final class Network {
    private Network() {
    }

    /**
     * Listens on {@code host:port} and gives each accepted connection {@code factory.get()}.
     *
     * @param host null or {@code ""} for every interface (IPv4 and IPv6), a name such as {@code localhost} for
     *             every address it resolves to (one socket each), or a literal address
     * @param port the port, 0 for one chosen by the system (the same port for every address when possible)
     */
    public static Future<Server> createServer(EventLoop loop, Supplier<? extends Protocol> factory, String host,
                                              int port, ServerOptions options) {
        return StreamServers.tcp(loop, factory, host, port, options);
    }

    /** {@link #createServer(EventLoop, Supplier, String, int, ServerOptions)} with default options. */
    public static Future<Server> createServer(EventLoop loop, Supplier<? extends Protocol> factory, String host,
                                              int port) {
        return createServer(loop, factory, host, port, ServerOptions.DEFAULTS);
    }

    /**
     * Connects to {@code host:port}, trying every resolved address (IPv6 and IPv4 interleaved, Happy Eyeballs),
     * and completes with the transport once its protocol's {@code connectionMade} ran (after the TLS handshake
     * when {@code options.tls()} is set).
     */
    public static Future<Transport> createConnection(EventLoop loop, Supplier<? extends Protocol> factory,
                                                     String host, int port, ConnectOptions options) {
        return StreamConnector.tcp(loop, factory, host, port, options);
    }

    /** {@link #createConnection(EventLoop, Supplier, String, int, ConnectOptions)} with default options. */
    public static Future<Transport> createConnection(EventLoop loop, Supplier<? extends Protocol> factory,
                                                     String host, int port) {
        return createConnection(loop, factory, host, port, ConnectOptions.DEFAULTS);
    }

    /**
     * Listens on the Unix socket {@code path}. A stale socket file left by a dead server is removed first; a path
     * that exists and is not a socket is refused. The file is removed again on {@link Server#close()}.
     * {@code noDelay} and {@code keepAlive} do not apply.
     */
    public static Future<Server> createUnixServer(EventLoop loop, Supplier<? extends Protocol> factory, Path path,
                                                  ServerOptions options) {
        return StreamServers.unix(loop, factory, path, options);
    }

    /** Connects to the Unix socket {@code path}. */
    public static Future<Transport> createUnixConnection(EventLoop loop, Supplier<? extends Protocol> factory,
                                                         Path path, ConnectOptions options) {
        return StreamConnector.unix(loop, factory, path, options);
    }

    /** Opens a UDP endpoint bound and/or connected as {@code options} says. */
    public static Future<DatagramTransport> createDatagramEndpoint(EventLoop loop,
                                                                   Supplier<? extends DatagramProtocol> factory,
                                                                   DatagramOptions options) {
        return DatagramEndpoints.create(loop, factory, options);
    }

    /**
     * Upgrades a live connection to TLS (asyncio's {@code start_tls}): the transport's protocol is moved above a
     * TLS layer, the handshake runs, and the future completes with the new TLS transport, whose protocol is the
     * original one (its {@code connectionMade} is not called again). Works over a TLS transport too (TLS in TLS).
     * Stop writing to the old transport once called.
     *
     * @param serverHostname for a client context: the name for SNI and hostname verification
     */
    public static Future<Transport> startTls(Transport transport, TlsContext context, String serverHostname) {
        return TlsLayers.startTls(transport, context, serverHostname);
    }

    /**
     * The transport counters of {@code loop} (connections, bytes, datagrams): a snapshot that any thread may take
     * at any time, for example for a metrics endpoint. The transports update them on the loop thread with plain
     * field writes, so a reader elsewhere may see values a moment old.
     */
    public static TransportStats stats(EventLoop loop) {
        return LoopCounters.snapshot(loop);
    }
}
