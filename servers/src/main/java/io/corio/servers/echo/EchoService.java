package io.corio.servers.echo;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.StreamReader;
import io.corio.servers.Service;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.echo.internal.CallbackEcho;
import io.corio.servers.echo.internal.EchoConnection;
import io.corio.servers.echo.internal.IdleSweep;
import io.corio.servers.echo.internal.StreamEcho;
import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.Protocol;
import java.time.Duration;

/**
 * The echo server on stream transports (TCP, Unix, TLS: TLS is a layer under the protocol): every byte a client
 * sends comes back, in order, until the client ends its side; then the answer is flushed and the connection
 * closes. One service per listener and loop:
 *
 * <pre>{@code
 * EchoService echo = EchoService.create(loop, ProtocolOptions.Echo.DEFAULTS);
 * Server server = Network.createServer(loop, echo.protocolFactory(), "127.0.0.1", 7000).await();
 * }</pre>
 *
 * <p>Two implementations, chosen by {@link ProtocolOptions.Echo#streams()}:
 * <ul>
 * <li>{@code false} (default): a callback {@link Protocol} that hands each received buffer back to the transport
 *     ({@code transport.write(data.retain())}): no copy, the fastest echo Corio has.</li>
 * <li>{@code true}: a coroutine per connection over a {@link StreamReader} and writer: read up to 64 KiB, write,
 *     await the drain. Slower (a task wake-up per read), written the way user code usually is.</li>
 * </ul>
 *
 * <p>Both bound memory per connection: when the peer does not read its answers, the transport's write buffer goes
 * over its high-water mark and the echo stops reading until it drained, so the peer's writes back up into its own
 * socket. {@link #drain()} stops reading, answers what was read and closes each connection once flushed. All
 * methods run on the service's loop thread.
 */
public final class EchoService implements Service {
    private final EventLoop loop;
    private final ProtocolOptions.Echo options;
    private final ConnectionSet<EchoConnection> connections;
    private final IdleSweep idle;

    private EchoService(EventLoop loop, ProtocolOptions.Echo options, Duration idleTimeout) {
        if (loop == null || options == null || idleTimeout == null) {
            throw new NullPointerException(loop == null ? "loop" : options == null ? "options" : "idleTimeout");
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be >= 0, got " + idleTimeout);
        }
        this.loop = loop;
        this.options = options;
        this.connections = new ConnectionSet<>(loop);
        this.idle = new IdleSweep(loop, idleTimeout, connections);
    }

    /**
     * An echo service on {@code loop}; {@code options.streams()} picks the coroutine variant. A connection that
     * receives nothing and drains no answer for {@code idleTimeout} is closed, or aborted if its peer reads none of
     * its answers (a frozen or vanished peer), one to one and a half timeouts after its last activity;
     * {@link Duration#ZERO} keeps quiet connections for ever.
     */
    public static EchoService create(EventLoop loop, ProtocolOptions.Echo options, Duration idleTimeout) {
        return new EchoService(loop, options, idleTimeout);
    }

    /** An echo service without idle timeout; {@code options.streams()} picks the coroutine variant. */
    public static EchoService create(EventLoop loop, ProtocolOptions.Echo options) {
        return new EchoService(loop, options, Duration.ZERO);
    }

    /** The callback echo with default options and no idle timeout. */
    public static EchoService create(EventLoop loop) {
        return create(loop, ProtocolOptions.Echo.DEFAULTS);
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    public ProtocolOptions.Echo options() {
        return options;
    }

    @Override
    public Protocol newProtocol() {
        return options.streams() ? new StreamEcho(connections, idle, StreamReader.DEFAULT_LIMIT)
                : new CallbackEcho(connections, idle);
    }

    @Override
    public int connections() {
        return connections.size();
    }

    /**
     * Stops reading on every connection; each answers the bytes it already read, flushes and closes. A connection
     * accepted afterwards is closed at once. A peer that never reads its answers keeps its connection open until
     * {@link #abort()}.
     */
    @Override
    public Future<Void> drain() {
        return connections.drain(EchoConnection::drain);
    }

    @Override
    public void abort() {
        connections.forEach(EchoConnection::abort);
    }

    @Override
    public String toString() {
        return "EchoService[" + (options.streams() ? "streams, " : "") + "open=" + connections.size()
                + (connections.draining() ? ", draining" : "") + "]";
    }
}
