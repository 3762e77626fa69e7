package io.corio.transports.internal.tls;

import io.corio.loop.Future;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;

/** Entry points of the TLS layer for {@code Network} and the stream servers/connector. Placeholder bodies. */
public final class TlsLayers {
    private TlsLayers() {
    }

    /**
     * The protocol to install on an accepted raw transport: it runs the server handshake and then calls
     * {@code app.connectionMade} with the TLS transport. A failed handshake is reported to the loop's exception
     * handler and closes the raw transport; {@code app} hears nothing.
     */
    public static Protocol server(TlsContext context, Protocol app) {
        throw new UnsupportedOperationException("TLS layer not built yet");
    }

    /**
     * The protocol to install on a connected raw transport: it runs the client handshake, calls
     * {@code app.connectionMade} with the TLS transport and then completes {@code ready} with it; a failed
     * handshake completes {@code ready} exceptionally and closes the raw transport.
     */
    public static Protocol client(TlsContext context, Protocol app, String serverHostname, Future<Transport> ready) {
        throw new UnsupportedOperationException("TLS layer not built yet");
    }

    /** See {@code Network.startTls}. */
    public static Future<Transport> startTls(Transport transport, TlsContext context, String serverHostname) {
        throw new UnsupportedOperationException("TLS layer not built yet");
    }
}
