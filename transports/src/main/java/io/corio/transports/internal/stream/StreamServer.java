package io.corio.transports.internal.stream;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimerHandle;
import io.corio.transports.Protocol;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.internal.tls.TlsLayers;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A listening TCP or Unix server: one or more bound {@link ServerSocketChannel}s accepting on one loop, and the
 * connections they accepted (an intrusive list through {@link SocketTransport}, so tracking costs no allocation).
 * Loop thread only, except {@link #addresses()} and {@link #port()}.
 */
final class StreamServer implements Server {
    /** Connections accepted per readiness event and listening socket, at most: others wait for the next turn. */
    static final int MAX_ACCEPTS_PER_EVENT = 128;
    /** How long accepting pauses after an error such as EMFILE, instead of spinning on a ready socket. */
    static final Duration ACCEPT_RETRY_DELAY = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final ServerOptions options;
    private final List<ServerSocketChannel> channels;
    private final List<SocketAddress> addresses;
    private final boolean unix;
    private final Runnable onClose;
    private boolean serving;
    private boolean closed;
    private TimerHandle acceptRetry;
    private SocketTransport clients;
    private int connectionCount;
    private Future<Void> closedFuture;
    private Future<Void> serveForeverFuture;

    StreamServer(EventLoop loop, Supplier<? extends Protocol> factory, ServerOptions options,
                 List<ServerSocketChannel> channels, List<SocketAddress> addresses, boolean unix, Runnable onClose) {
        this.loop = loop;
        this.factory = factory;
        this.options = options;
        this.channels = List.copyOf(channels);
        this.addresses = List.copyOf(addresses);
        this.unix = unix;
        this.onClose = onClose;
    }

    // ------------------------------------------------------------------------------------------------ serving

    @Override
    public void startServing() {
        if (serving || closed) {
            return;
        }
        serving = true;
        for (ServerSocketChannel channel : channels) {
            loop.addReader(channel, () -> accept(channel));
        }
    }

    private void stopAccepting() {
        for (ServerSocketChannel channel : channels) {
            loop.removeReader(channel);
        }
    }

    private void accept(ServerSocketChannel listener) {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT && serving; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (channel == null) {
                return;
            }
            connectionAccepted(channel);
        }
    }

    /** EMFILE, ENFILE, ENOBUFS...: report, stop accepting for a while and keep serving the connections. */
    private void acceptFailed(IOException e) {
        loop.callExceptionHandler(ErrorContext.of("Error accepting a connection on " + this
                + "; accepting again in " + ACCEPT_RETRY_DELAY.toMillis() + " ms", e, this));
        stopAccepting();
        acceptRetry = loop.callLater(ACCEPT_RETRY_DELAY, () -> {
            acceptRetry = null;
            if (serving && !closed) {
                for (ServerSocketChannel channel : channels) {
                    loop.addReader(channel, () -> accept(channel));
                }
            }
        });
    }

    private void connectionAccepted(SocketChannel channel) {
        SocketTransport transport;
        try {
            channel.configureBlocking(false);
            if (!unix) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, options.noDelay());
                if (options.keepAlive()) {
                    channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                }
            }
            Protocol app = factory.get();
            Protocol protocol = options.tls() == null ? app : TlsLayers.server(options.tls(), app);
            transport = new SocketTransport(loop, channel, protocol, unix, options.writeHigh(), options.writeLow(),
                    options.readBufferSize());
        } catch (Throwable t) {
            closeQuietly(channel);
            loop.callExceptionHandler(ErrorContext.of("Error setting up an accepted connection on " + this, t,
                    this));
            return;
        }
        attach(transport);
        transport.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do with a socket we could not set up
        }
    }

    @Override
    public boolean isServing() {
        return serving && !closed;
    }

    @Override
    public Future<Void> serveForever() {
        if (closed) {
            throw new ClosedResourceException("server is closed: " + this);
        }
        if (serveForeverFuture == null) {
            Future<Void> f = loop.createFuture();
            serveForeverFuture = f;
            f.addDoneCallback(done -> {
                if (done.isCancelled()) {
                    close();
                }
            });
        }
        startServing();
        return serveForeverFuture;
    }

    // ------------------------------------------------------------------------------------------ connections

    private void attach(SocketTransport transport) {
        transport.server = this;
        transport.next = clients;
        if (clients != null) {
            clients.prev = transport;
        }
        clients = transport;
        connectionCount++;
    }

    /** Called by a transport after its {@code connectionLost}. */
    void detach(SocketTransport transport) {
        if (transport.prev != null) {
            transport.prev.next = transport.next;
        } else if (clients == transport) {
            clients = transport.next;
        }
        if (transport.next != null) {
            transport.next.prev = transport.prev;
        }
        transport.prev = null;
        transport.next = null;
        transport.server = null;
        connectionCount--;
        maybeClosed();
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : snapshot()) {
            t.close();
        }
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : snapshot()) {
            t.abort();
        }
    }

    private List<SocketTransport> snapshot() {
        var list = new ArrayList<SocketTransport>(connectionCount);
        for (SocketTransport t = clients; t != null; t = t.next) {
            list.add(t);
        }
        return list;
    }

    @Override
    public int connectionCount() {
        return connectionCount;
    }

    // ------------------------------------------------------------------------------------------------ closing

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        serving = false;
        if (acceptRetry != null) {
            acceptRetry.cancel();
            acceptRetry = null;
        }
        for (ServerSocketChannel channel : channels) {
            loop.removeReader(channel);
            try {
                channel.close();
            } catch (IOException e) {
                loop.callExceptionHandler(ErrorContext.of("Error closing a listening socket of " + this, e, this));
            }
        }
        if (onClose != null) {
            onClose.run();
        }
        if (serveForeverFuture != null && !serveForeverFuture.isDone()) {
            serveForeverFuture.setResult(null);
        }
        maybeClosed();
    }

    private void maybeClosed() {
        if (closed && connectionCount == 0 && closedFuture != null && !closedFuture.isDone()) {
            closedFuture.setResult(null);
        }
    }

    @Override
    public Future<Void> waitClosed() {
        if (closedFuture == null) {
            closedFuture = loop.createFuture();
            maybeClosed();
        }
        return closedFuture;
    }

    // ------------------------------------------------------------------------------------------- information

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public List<SocketAddress> addresses() {
        return addresses;
    }

    @Override
    public int port() {
        if (unix || addresses.isEmpty()) {
            return -1;
        }
        return ((java.net.InetSocketAddress) addresses.getFirst()).getPort();
    }

    @Override
    public String toString() {
        return (unix ? "UnixServer" : "TcpServer") + addresses + "[" + (closed ? "closed" : serving ? "serving"
                : "not serving") + ", connections=" + connectionCount + (options.tls() != null ? ", tls" : "")
                + "]";
    }
}
