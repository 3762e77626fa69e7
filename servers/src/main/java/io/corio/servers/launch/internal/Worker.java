package io.corio.servers.launch.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.TransportKind;
import io.corio.servers.launch.DatagramServiceFactory;
import io.corio.servers.launch.ServiceFactory;
import io.corio.transports.DatagramOptions;
import io.corio.transports.DatagramTransport;
import io.corio.transports.Extra;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One loop of a listener: its service and listening socket (stream transports), or its UDP endpoint. Every method
 * may be called from any thread; the work runs on the worker's loop and the result comes back as a
 * {@code CompletableFuture}.
 */
public final class Worker {
    private final EventLoop loop;
    private final Service service;
    private final Server server;
    private final DatagramTransport endpoint;
    private final List<SocketAddress> addresses;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private Worker(EventLoop loop, Service service, Server server, DatagramTransport endpoint,
                   List<SocketAddress> addresses) {
        this.loop = loop;
        this.addresses = List.copyOf(addresses);
        this.service = service;
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Makes the service on {@code loop} and binds its listening socket ({@code port} replaces the configured one:
     * the real port of the first worker when 0 was asked).
     */
    public static CompletableFuture<Worker> openStream(EventLoop loop, ListenerConfig listener, ServiceFactory factory,
                                                       ServerOptions options, int port) {
        var result = new CompletableFuture<Worker>();
        OnLoop.call(loop, () -> {
            Service service = factory.create(loop, listener);
            var limit = new ConnectionLimit(service, listener.limits().maxConnections());
            Future<Server> bound = listener.transport() == TransportKind.UNIX
                    ? Network.createUnixServer(loop, limit, listener.path(), options)
                    : Network.createServer(loop, limit, listener.host(), port, options);
            bound.addDoneCallback(done -> {
                if (done.exception() != null) {
                    service.abort();
                    result.completeExceptionally(done.exception());
                } else {
                    limit.attach(done.result());
                    result.complete(new Worker(loop, service, done.result(), null, done.result().addresses()));
                }
            });
            return null;
        }).exceptionally(error -> {
            result.completeExceptionally(error);
            return null;
        });
        return result;
    }

    /** Makes the protocol on {@code loop} and binds its UDP endpoint. */
    public static CompletableFuture<Worker> openDatagram(EventLoop loop, ListenerConfig listener,
                                                         DatagramServiceFactory factory, DatagramOptions options) {
        var result = new CompletableFuture<Worker>();
        OnLoop.call(loop, () -> {
            var protocol = factory.create(loop, listener);
            Network.createDatagramEndpoint(loop, () -> protocol, options).addDoneCallback(done -> {
                if (done.exception() != null) {
                    result.completeExceptionally(done.exception());
                } else {
                    DatagramTransport endpoint = done.result();
                    result.complete(new Worker(loop, null, null, endpoint,
                            List.of(endpoint.extra(Extra.LOCAL_ADDRESS))));
                }
            });
            return null;
        }).exceptionally(error -> {
            result.completeExceptionally(error);
            return null;
        });
        return result;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The stream service, or null for a UDP worker. */
    public Service service() {
        return service;
    }

    /** The bound addresses (any thread). */
    public List<SocketAddress> addresses() {
        return addresses;
    }

    /**
     * Stops accepting (closes the listening socket or the UDP endpoint) and starts the service's drain. Completes
     * with the number of connections open when the drain began; {@link #drained()} completes when none is left.
     */
    public CompletableFuture<Integer> beginDrain() {
        return OnLoop.call(loop, () -> {
            if (endpoint != null) {
                endpoint.close();
                drained.complete(null);
                return 0;
            }
            server.close();
            int open = service.connections();
            service.drain().addDoneCallback(done -> drained.complete(null));
            return open;
        }).whenComplete((open, error) -> {
            if (error != null) {
                drained.complete(null); // a loop that is gone has nothing left to drain
            }
        });
    }

    /** Completes when the drain that {@link #beginDrain()} started is over. */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    /**
     * Aborts the connections still open; completes with how many there were, once they are all lost (or at once
     * when there were none).
     */
    public CompletableFuture<Integer> abort() {
        var result = new CompletableFuture<Integer>();
        OnLoop.call(loop, () -> {
            if (endpoint != null) {
                endpoint.abort();
                result.complete(0);
                return null;
            }
            server.close();
            int left = service.connections();
            service.abort();
            server.abortClients();
            server.waitClosed().addDoneCallback(done -> result.complete(left));
            return null;
        }).exceptionally(error -> {
            result.completeExceptionally(error);
            return null;
        });
        return result;
    }

    @Override
    public String toString() {
        return "Worker[" + (server != null ? server : endpoint) + (service != null ? ", " + service : "") + "]";
    }
}
