package io.corio.transports;

import io.corio.transports.internal.WaterMarks;
import io.corio.transports.tls.TlsContext;

/**
 * How a stream server listens and sets up the connections it accepts. Start from {@link #DEFAULTS} and change
 * what you need: {@code ServerOptions.DEFAULTS.withBacklog(1024).withTls(context)}.
 *
 * @param backlog        the accept queue length asked of the kernel (capped by {@code net.core.somaxconn})
 * @param reuseAddress   {@code SO_REUSEADDR}, on by default as asyncio does on Unix
 * @param reusePort      {@code SO_REUSEPORT}: several sockets (one per loop) share the port; off by default
 * @param noDelay        {@code TCP_NODELAY} on accepted connections, on by default (ignored for Unix sockets)
 * @param keepAlive      {@code SO_KEEPALIVE} on accepted connections, off by default
 * @param writeHigh      write buffer high-water mark of accepted transports, bytes
 * @param writeLow       write buffer low-water mark, bytes
 * @param readBufferSize the most bytes read in one read call (default 256 KiB, as asyncio and uvloop: a 100 KiB
 *                       message arrives in one read; protocols that keep what they were given pin a buffer this big)
 * @param startServing   accept at once (true, the default) or wait for {@link Server#startServing()}
 * @param tls            a server TLS context, or null for plaintext
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, boolean noDelay,
                            boolean keepAlive, int writeHigh, int writeLow, int readBufferSize,
                            boolean startServing, TlsContext tls) {
    public static final int DEFAULT_WRITE_HIGH = 64 * 1024;
    public static final int DEFAULT_WRITE_LOW = 16 * 1024;
    public static final int DEFAULT_READ_BUFFER_SIZE = 256 * 1024;

    public static final ServerOptions DEFAULTS = new ServerOptions(511, true, false, true, false,
            DEFAULT_WRITE_HIGH, DEFAULT_WRITE_LOW, DEFAULT_READ_BUFFER_SIZE, true, null);

    public ServerOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be > 0, got " + backlog);
        }
        WaterMarks.check(writeHigh, writeLow);
        if (readBufferSize <= 0) {
            throw new IllegalArgumentException("readBufferSize must be > 0, got " + readBufferSize);
        }
        if (tls != null && !tls.isServer()) {
            throw new IllegalArgumentException("tls must be a server context, got a client context");
        }
    }

    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withReuseAddress(boolean reuseAddress) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withReusePort(boolean reusePort) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withNoDelay(boolean noDelay) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withKeepAlive(boolean keepAlive) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withWriteBufferLimits(int writeHigh, int writeLow) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withReadBufferSize(int readBufferSize) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withStartServing(boolean startServing) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }

    public ServerOptions withTls(TlsContext tls) {
        return new ServerOptions(backlog, reuseAddress, reusePort, noDelay, keepAlive, writeHigh, writeLow,
                readBufferSize, startServing, tls);
    }
}
