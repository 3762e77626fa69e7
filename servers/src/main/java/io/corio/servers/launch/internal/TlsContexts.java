package io.corio.servers.launch.internal;

import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.TlsConfig;
import io.corio.servers.launch.LaunchException;
import io.corio.transports.tls.TlsContext;
import io.corio.transports.tls.TlsProvider;

import java.io.IOException;
import java.util.List;

/** A listener's {@code tls:} block as a server {@link TlsContext}; the files are read here, at startup. */
public final class TlsContexts {
    /** The ALPN name HTTP listeners offer when the block names none. */
    static final String HTTP_1_1 = "http/1.1";

    private TlsContexts() {
    }

    /**
     * Reads the certificate, key and client CA files and builds the context.
     *
     * @throws LaunchException naming the listener and the file that is missing or unusable
     */
    public static TlsContext server(ListenerConfig listener) throws LaunchException {
        TlsConfig tls = listener.tls();
        List<String> alpn = tls.alpn().isEmpty() && listener.protocol().equals("http") ? List.of(HTTP_1_1)
                : tls.alpn();
        try {
            TlsContext.Builder builder = TlsContext.server(tls.cert(), tls.key())
                    .provider(tls.provider().equals("jdk") ? TlsProvider.SUNJSSE : TlsProvider.BCJSSE)
                    .protocols(tls.protocols().toArray(String[]::new))
                    .alpn(alpn.toArray(String[]::new))
                    .handshakeTimeout(tls.handshakeTimeout())
                    .clientAuth(tls.clientAuth());
            if (tls.clientCa() != null) {
                builder.trust(tls.clientCa());
            }
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new LaunchException(listener.name(), "listener '" + listener.name() + "': tls: " + e.getMessage(),
                    e);
        }
    }
}
