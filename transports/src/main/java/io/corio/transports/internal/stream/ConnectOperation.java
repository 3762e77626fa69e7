package io.corio.transports.internal.stream;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimerHandle;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.tls.TlsLayers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client connect on the loop: attempts over the target addresses in order, the next one starting after the
 * Happy Eyeballs delay or as soon as the previous fails (RFC 8305); the first to connect wins and the others are
 * closed; then the transport is made (and the TLS handshake run); a deadline covers all of it. Errors name what
 * was asked ({@code host:port} or the path) and every address tried with its failure. Loop thread only.
 */
final class ConnectOperation {
    private final EventLoop loop;
    private final Supplier<? extends Protocol> factory;
    private final String target;
    private final String tlsHostname;
    private final ConnectOptions options;
    private final boolean unix;
    private final Future<Transport> result;
    private final List<Attempt> running = new ArrayList<>();
    private final List<String> tried = new ArrayList<>();
    private final List<IOException> failures = new ArrayList<>();
    private List<SocketAddress> addresses = List.of();
    private int next;
    private TimerHandle staggerTimer;
    private TimerHandle deadline;
    private SocketTransport connected;
    private boolean finished;

    private record Attempt(SocketAddress address, SocketChannel channel) {
    }

    /**
     * @param target      for messages: {@code host:port} or the Unix path
     * @param tlsHostname the name for SNI and verification when {@code options.tls()} is set
     */
    ConnectOperation(EventLoop loop, Supplier<? extends Protocol> factory, String target, String tlsHostname,
                     ConnectOptions options, boolean unix) {
        this.loop = loop;
        this.factory = factory;
        this.target = target;
        this.tlsHostname = tlsHostname;
        this.options = options;
        this.unix = unix;
        this.result = loop.createFuture();
        result.addDoneCallback(f -> {
            if (f.isCancelled()) {
                stop();
                if (connected != null) {
                    connected.abort();
                }
            }
        });
        if (options.connectTimeout() != null) {
            deadline = loop.callLater(options.connectTimeout(), this::timedOut);
        }
    }

    Future<Transport> result() {
        return result;
    }

    /** Starts connecting to {@code addresses}, already ordered (interleaved by family). */
    void start(List<SocketAddress> addresses) {
        if (finished) {
            return;
        }
        this.addresses = filterForLocalAddress(addresses);
        if (this.addresses.isEmpty()) {
            fail(new ConnectException("connect to " + target + " failed: no address of the family of the local "
                    + "address " + options.localAddress() + " among " + addresses));
            return;
        }
        startNext();
    }

    /** Fails before any attempt (resolution failed). */
    void fail(Throwable e) {
        if (!finished) {
            stop();
            result.setException(e);
        }
    }

    private List<SocketAddress> filterForLocalAddress(List<SocketAddress> all) {
        if (!(options.localAddress() instanceof InetSocketAddress local) || local.getAddress() == null
                || local.getAddress().isAnyLocalAddress()) {
            return all;
        }
        boolean local6 = local.getAddress() instanceof Inet6Address;
        return all.stream().filter(a -> a instanceof InetSocketAddress i
                && (i.getAddress() instanceof Inet6Address) == local6).toList();
    }

    // ---------------------------------------------------------------------------------------------- attempts

    private void startNext() {
        if (staggerTimer != null) {
            staggerTimer.cancel();
            staggerTimer = null;
        }
        while (!finished && next < addresses.size()) {
            SocketAddress address = addresses.get(next++);
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open(familyOf(address));
                configure(channel);
                if (channel.connect(address)) {
                    won(channel);
                    return;
                }
                var attempt = new Attempt(address, channel);
                running.add(attempt);
                loop.addWriter(channel, () -> finishConnect(attempt));
                if (next < addresses.size() && options.happyEyeballsDelay() != null) {
                    staggerTimer = loop.callLater(options.happyEyeballsDelay(), this::startNext);
                }
                return;
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                attemptFailed(address, e);   // and go on with the next address at once
            }
        }
        if (!finished && running.isEmpty()) {
            failAll();
        }
    }

    private void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        if (!unix) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, options.noDelay());
            if (options.keepAlive()) {
                channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
        }
        if (options.localAddress() != null) {
            channel.bind(options.localAddress());
        }
    }

    private void finishConnect(Attempt attempt) {
        if (finished || !running.contains(attempt)) {
            return;
        }
        try {
            if (!attempt.channel().finishConnect()) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            running.remove(attempt);
            loop.removeWriter(attempt.channel());
            closeQuietly(attempt.channel());
            attemptFailed(attempt.address(), e);
            startNext();
            return;
        }
        running.remove(attempt);
        loop.removeWriter(attempt.channel());
        won(attempt.channel());
    }

    private void attemptFailed(SocketAddress address, Exception e) {
        tried.add(Resolver.describe(address) + " (" + e.getMessage() + ")");
        failures.add(e instanceof IOException io ? io : new IOException(e));
    }

    private void failAll() {
        var e = new ConnectException("connect to " + target + " failed; tried " + String.join(", ", tried));
        if (!failures.isEmpty()) {
            e.initCause(failures.getFirst());
            failures.stream().skip(1).forEach(e::addSuppressed);
        }
        fail(e);
    }

    private void timedOut() {
        deadline = null;
        if (finished) {
            return;
        }
        for (Attempt a : running) {
            tried.add(Resolver.describe(a.address()) + " (no answer)");
        }
        String phase = connected != null ? " (TLS handshake not finished)" : "";
        var e = new SocketTimeoutException("connect to " + target + " timed out after "
                + options.connectTimeout().toMillis() + " ms" + phase
                + (tried.isEmpty() ? "" : "; tried " + String.join(", ", tried)));
        SocketTransport transport = connected;
        fail(e);
        if (transport != null) {
            transport.abort();
        }
    }

    // ------------------------------------------------------------------------------------------------ winner

    private void won(SocketChannel channel) {
        stopAttempts();
        SocketTransport transport;
        Protocol app;
        Future<Transport> ready = null;
        try {
            app = factory.get();
            Protocol protocol = app;
            if (options.tls() != null) {
                ready = loop.createFuture();
                protocol = TlsLayers.client(options.tls(), app, tlsHostname, ready);
            }
            transport = new SocketTransport(loop, channel, protocol, unix, options.writeHigh(), options.writeLow(),
                    options.readBufferSize());
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            fail(e);
            return;
        }
        if (ready == null) {
            finished = true;
            cancelDeadline();
            transport.start();
            result.setResult(transport);
            return;
        }
        connected = transport;
        ready.addDoneCallback(this::handshakeDone);
        transport.start();
    }

    private void handshakeDone(Future<Transport> ready) {
        if (finished) {
            if (!ready.isCancelled() && ready.exception() == null) {
                ready.result().abort();   // timed out or cancelled meanwhile
            }
            return;
        }
        finished = true;
        cancelDeadline();
        if (ready.isCancelled()) {
            result.cancel();
        } else if (ready.exception() != null) {
            result.setException(ready.exception());
        } else {
            result.setResult(ready.result());
        }
    }

    // ----------------------------------------------------------------------------------------------- cleanup

    private void stop() {
        finished = true;
        stopAttempts();
        cancelDeadline();
    }

    private void stopAttempts() {
        if (staggerTimer != null) {
            staggerTimer.cancel();
            staggerTimer = null;
        }
        for (Attempt a : running) {
            loop.removeWriter(a.channel());
            closeQuietly(a.channel());
        }
        running.clear();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
    }

    private static ProtocolFamily familyOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET;
        }
        return StandardProtocolFamily.UNIX;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // an attempt that lost; nothing to report
            }
        }
    }
}
