package io.corio.transports.tls;

/**
 * Placeholder being replaced by the TLS work: a server or client TLS configuration. Only {@link #isServer()} is
 * relied upon by the options records.
 */
public final class TlsContext {
    private final boolean server;

    private TlsContext(boolean server) {
        this.server = server;
    }

    /** True for a context that accepts connections, false for one that opens them. */
    public boolean isServer() {
        return server;
    }
}
