package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.net.SocketAddress;
import java.util.List;

/**
 * A listening stream server: one or more bound sockets that accept connections and give each a new protocol
 * from the factory. Methods must be called on the loop thread, except {@link #addresses()}.
 *
 * <pre>
 *   created (listening, serving unless startServing=false) ──► close() ──► waitClosed() completes when the
 *   listening sockets are closed and every connection accepted by this server is lost
 * </pre>
 */
public interface Server {
    /** The loop that runs the accepted connections. */
    EventLoop loop();

    /** The bound addresses, with the real ports when 0 was asked. Any thread. */
    List<SocketAddress> addresses();

    /** The first bound port, for the common single-port case; -1 for a Unix socket. Any thread. */
    int port();

    /** Starts accepting if the server was created with {@code startServing=false}. Idempotent. */
    void startServing();

    /** True while the server accepts connections. */
    boolean isServing();

    /**
     * Starts serving and returns a future that completes when the server closes. Cancelling it (for instance by
     * cancelling the task that awaits it) closes the server, as asyncio's {@code serve_forever}.
     */
    Future<Void> serveForever();

    /**
     * Stops accepting and closes the listening sockets (removing a Unix socket's file). Connections already
     * accepted stay open. Idempotent.
     */
    void close();

    /** Closes every connection accepted by this server (flushing first), as asyncio's {@code close_clients}. */
    void closeClients();

    /** Aborts every connection accepted by this server, as asyncio's {@code abort_clients}. */
    void abortClients();

    /** Connections accepted by this server that are not lost yet. */
    int connectionCount();

    /** Completes once {@link #close()} was called and every accepted connection is lost. */
    Future<Void> waitClosed();
}
