package io.corio.transports.internal.tls;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.Future;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;

/** Entry points of the TLS layer for {@code Network} and the stream servers/connector. */
public final class TlsLayers {
    private TlsLayers() {
    }

    /**
     * The protocol to install on an accepted raw transport: it runs the server handshake and then calls
     * {@code app.connectionMade} with the TLS transport. A failed handshake is reported to the loop's exception
     * handler and closes the raw transport; {@code app} hears nothing.
     */
    public static Protocol server(TlsContext context, Protocol app) {
        requireServer(context, true);
        return new TlsLayer(context, app, null, null, false);
    }

    /**
     * The protocol to install on a connected raw transport: it runs the client handshake, calls
     * {@code app.connectionMade} with the TLS transport and then completes {@code ready} with it; a failed
     * handshake completes {@code ready} exceptionally and closes the raw transport.
     */
    public static Protocol client(TlsContext context, Protocol app, String serverHostname, Future<Transport> ready) {
        requireServer(context, false);
        return new TlsLayer(context, app, serverHostname, ready, false);
    }

    /**
     * See {@code Network.startTls}. The transport's protocol moves above the TLS layer; if the handshake fails, the
     * future fails and that protocol's {@code connectionLost} receives the same cause.
     */
    public static Future<Transport> startTls(Transport transport, TlsContext context, String serverHostname) {
        Future<Transport> ready = transport.loop().createFuture();
        if (transport.isClosing()) {
            ready.setException(new ClosedResourceException("cannot start TLS on a closing transport: " + transport));
            return ready;
        }
        var layer = new TlsLayer(context, transport.protocol(), serverHostname, ready, true);
        transport.setProtocol(layer);
        layer.connectionMade(transport);
        return ready;
    }

    private static void requireServer(TlsContext context, boolean server) {
        if (context.isServer() != server) {
            throw new IllegalArgumentException("need a " + (server ? "server" : "client") + " TLS context, got "
                    + context);
        }
    }
}
