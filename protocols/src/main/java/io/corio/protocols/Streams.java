package io.corio.protocols;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.internal.Chained;
import io.corio.protocols.internal.StreamHandlerRunner;
import io.corio.protocols.internal.StreamProtocol;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import java.nio.file.Path;

/**
 * Stream connections and servers for coroutines, as asyncio's {@code open_connection} and {@code start_server}.
 * TLS comes from the options ({@link ServerOptions#tls()}, {@link ConnectOptions#tls()}). Call on the loop thread
 * or before the loop runs; await the returned futures in a task.
 *
 * <pre>{@code
 * Server server = Streams.startServer(loop, (reader, writer) -> {
 *     String line;
 *     while ((line = reader.readLine().await()) != null) {
 *         writer.send(line.toUpperCase() + "\n").await();
 *     }
 * }, "127.0.0.1", 7000).await();
 *
 * StreamPair c = Streams.openConnection(loop, "127.0.0.1", 7000).await();
 * c.writer().send("hello\n").await();
 * String reply = c.reader().readLine().await();   // "HELLO"
 * c.writer().close();
 * }</pre>
 *
 * @see StreamReader for the reader's limit ({@code limit} below; 64 KiB by default)
 */
public final class Streams {
    private Streams() {
    }

    /** Connects to {@code host:port} with default options. */
    public static Future<StreamPair> openConnection(EventLoop loop, String host, int port) {
        return openConnection(loop, host, port, ConnectOptions.DEFAULTS, StreamReader.DEFAULT_LIMIT);
    }

    /** Connects to {@code host:port} (TLS when {@code options.tls()} is set). */
    public static Future<StreamPair> openConnection(EventLoop loop, String host, int port, ConnectOptions options) {
        return openConnection(loop, host, port, options, StreamReader.DEFAULT_LIMIT);
    }

    /** Connects to {@code host:port} with a reader limit of {@code limit} bytes. */
    public static Future<StreamPair> openConnection(EventLoop loop, String host, int port, ConnectOptions options,
                                                    int limit) {
        checkLimit(limit);
        return pairOf(loop, Network.createConnection(loop, () -> new StreamProtocol(limit, null), host, port,
                options));
    }

    /** Connects to the Unix socket at {@code path}. */
    public static Future<StreamPair> openUnixConnection(EventLoop loop, Path path, ConnectOptions options) {
        return openUnixConnection(loop, path, options, StreamReader.DEFAULT_LIMIT);
    }

    /** Connects to the Unix socket at {@code path} with a reader limit of {@code limit} bytes. */
    public static Future<StreamPair> openUnixConnection(EventLoop loop, Path path, ConnectOptions options,
                                                        int limit) {
        checkLimit(limit);
        return pairOf(loop, Network.createUnixConnection(loop, () -> new StreamProtocol(limit, null), path,
                options));
    }

    /** Serves {@code host:port} with default options; each connection runs {@code handler} in a new task. */
    public static Future<Server> startServer(EventLoop loop, StreamHandler handler, String host, int port) {
        return startServer(loop, handler, host, port, ServerOptions.DEFAULTS, StreamReader.DEFAULT_LIMIT);
    }

    /** Serves {@code host:port}; each connection runs {@code handler} in a new task (see {@link StreamHandler}). */
    public static Future<Server> startServer(EventLoop loop, StreamHandler handler, String host, int port,
                                             ServerOptions options) {
        return startServer(loop, handler, host, port, options, StreamReader.DEFAULT_LIMIT);
    }

    /** Like {@link #startServer(EventLoop, StreamHandler, String, int, ServerOptions)}, with a reader limit. */
    public static Future<Server> startServer(EventLoop loop, StreamHandler handler, String host, int port,
                                             ServerOptions options, int limit) {
        checkLimit(limit);
        var runner = new StreamHandlerRunner(handler);
        return Network.createServer(loop, () -> new StreamProtocol(limit, runner), host, port, options);
    }

    /** Serves the Unix socket at {@code path}. */
    public static Future<Server> startUnixServer(EventLoop loop, StreamHandler handler, Path path,
                                                 ServerOptions options) {
        return startUnixServer(loop, handler, path, options, StreamReader.DEFAULT_LIMIT);
    }

    /** Serves the Unix socket at {@code path}, with a reader limit. */
    public static Future<Server> startUnixServer(EventLoop loop, StreamHandler handler, Path path,
                                                 ServerOptions options, int limit) {
        checkLimit(limit);
        var runner = new StreamHandlerRunner(handler);
        return Network.createUnixServer(loop, () -> new StreamProtocol(limit, runner), path, options);
    }

    /**
     * The protocol {@link #startServer} gives each connection, for servers that open their listeners themselves
     * (the corio launcher, over TCP, Unix or TLS): its {@code connectionMade} starts {@code handler} in a new task
     * with this connection's reader (limit {@code limit} bytes) and writer. One instance per connection.
     */
    public static BufferedProtocol serverProtocol(StreamHandler handler, int limit) {
        checkLimit(limit);
        return new StreamProtocol(limit, new StreamHandlerRunner(handler));
    }

    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, got " + limit);
        }
    }

    private static Future<StreamPair> pairOf(EventLoop loop, Future<Transport> connecting) {
        return Chained.map(loop, connecting, transport -> {
            var protocol = (StreamProtocol) transport.protocol();
            return new StreamPair(protocol, protocol.writer());
        }, Transport::abort); // the caller gave up: nobody will use this connection
    }
}
