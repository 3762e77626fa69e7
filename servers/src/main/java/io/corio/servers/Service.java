package io.corio.servers;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.Protocol;
import java.util.function.Supplier;

/**
 * What one listener serves on one loop: it makes a {@link Protocol} per accepted connection, knows which of them
 * are open, and can drain them for a graceful shutdown. Echo, HTTP-lite, JSON-RPC and wrapped user protocol
 * classes are services; the launcher passes {@code service::newProtocol} to {@code Network.createServer}.
 *
 * <p>Every method is called on the service's loop thread.
 *
 * <p>Shutdown, as the launcher drives it on SIGTERM/SIGINT: close the listening sockets (no new connections),
 * {@link #drain()}, wait for its future until {@code shutdown.timeout}, then {@link #abort()} whatever is left.
 */
public interface Service {
    /** The loop this service's connections run on. */
    EventLoop loop();

    /** A protocol for one new connection; called once per accepted connection, before {@code connectionMade}. */
    Protocol newProtocol();

    /** This service as the factory {@code Network.createServer} takes. */
    default Supplier<Protocol> protocolFactory() {
        return this::newProtocol;
    }

    /** Connections open now (made and not yet lost). */
    int connections();

    /**
     * Starts a graceful drain: each connection finishes the requests it has already read (answering them), then
     * closes; idle connections close at once; nothing new is read. The future completes when the last connection
     * is lost (at once when there is none). Idempotent: a second call returns the same future.
     */
    Future<Void> drain();

    /** Aborts every open connection now (after the drain deadline, or on a second signal). */
    void abort();
}
