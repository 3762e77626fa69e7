package io.corio.transports;

import io.corio.transports.internal.WaterMarks;
import io.corio.transports.tls.TlsContext;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * How a client connection is opened. Start from {@link #DEFAULTS}:
 * {@code ConnectOptions.DEFAULTS.withConnectTimeout(Duration.ofSeconds(5)).withTls(TlsContext.client().build())}.
 *
 * @param connectTimeout     the whole connect (all addresses, and the TLS handshake) must finish within this;
 *                           null means no limit beyond the operating system's
 * @param happyEyeballsDelay with several addresses, start the next attempt after this delay if the previous one
 *                           has not connected (RFC 8305; 250 ms by default); null tries one address at a time
 * @param localAddress       bind the socket to this address first, or null
 * @param noDelay            {@code TCP_NODELAY}, on by default (ignored for Unix sockets)
 * @param keepAlive          {@code SO_KEEPALIVE}, off by default
 * @param writeHigh          write buffer high-water mark, bytes
 * @param writeLow           write buffer low-water mark, bytes
 * @param readBufferSize     the most bytes read in one read call
 * @param tls                a client TLS context, or null for plaintext
 * @param serverHostname     the name for SNI and hostname verification; null means the host connected to
 */
public record ConnectOptions(Duration connectTimeout, Duration happyEyeballsDelay, SocketAddress localAddress,
                             boolean noDelay, boolean keepAlive, int writeHigh, int writeLow, int readBufferSize,
                             TlsContext tls, String serverHostname) {
    public static final ConnectOptions DEFAULTS = new ConnectOptions(null, Duration.ofMillis(250), null, true,
            false, ServerOptions.DEFAULT_WRITE_HIGH, ServerOptions.DEFAULT_WRITE_LOW,
            ServerOptions.DEFAULT_READ_BUFFER_SIZE, null, null);

    public ConnectOptions {
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new IllegalArgumentException("connectTimeout must be > 0, got " + connectTimeout);
        }
        if (happyEyeballsDelay != null && happyEyeballsDelay.isNegative()) {
            throw new IllegalArgumentException("happyEyeballsDelay must be >= 0, got " + happyEyeballsDelay);
        }
        WaterMarks.check(writeHigh, writeLow);
        if (readBufferSize <= 0) {
            throw new IllegalArgumentException("readBufferSize must be > 0, got " + readBufferSize);
        }
        if (tls != null && tls.isServer()) {
            throw new IllegalArgumentException("tls must be a client context, got a server context");
        }
    }

    public ConnectOptions withConnectTimeout(Duration connectTimeout) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withHappyEyeballsDelay(Duration happyEyeballsDelay) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withLocalAddress(SocketAddress localAddress) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withNoDelay(boolean noDelay) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withKeepAlive(boolean keepAlive) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withWriteBufferLimits(int writeHigh, int writeLow) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withReadBufferSize(int readBufferSize) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withTls(TlsContext tls) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }

    public ConnectOptions withServerHostname(String serverHostname) {
        return new ConnectOptions(connectTimeout, happyEyeballsDelay, localAddress, noDelay, keepAlive, writeHigh,
                writeLow, readBufferSize, tls, serverHostname);
    }
}
