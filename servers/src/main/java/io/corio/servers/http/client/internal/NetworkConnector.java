package io.corio.servers.http.client.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.http.client.HttpClientOptions;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.tls.TlsContext;
import java.io.IOException;

/**
 * Connects over TCP or the configured Unix socket, with TLS for {@code https} origins (SNI and hostname
 * verification use the URL's host). The default TLS context (JDK CAs, ALPN {@code http/1.1}) is built on first
 * use, since building it reads the CA store.
 */
public final class NetworkConnector implements Connector {
    private final EventLoop loop;
    private final HttpClientOptions options;
    private TlsContext defaultTls;

    public NetworkConnector(EventLoop loop, HttpClientOptions options) {
        this.loop = loop;
        this.options = options;
    }

    @Override
    public Future<Transport> connect(Origin origin, Protocol protocol) {
        ConnectOptions connect = ConnectOptions.DEFAULTS.withConnectTimeout(options.connectTimeout());
        if (origin.tls()) {
            try {
                connect = connect.withTls(tls()).withServerHostname(origin.host());
            } catch (IOException e) {
                Future<Transport> failed = loop.createFuture();
                failed.setException(e);
                return failed;
            }
        }
        if (origin.unixSocket() != null) {
            return Network.createUnixConnection(loop, () -> protocol, origin.unixSocket(), connect);
        }
        return Network.createConnection(loop, () -> protocol, origin.host(), origin.port(), connect);
    }

    private TlsContext tls() throws IOException {
        if (options.tls() != null) {
            return options.tls();
        }
        if (defaultTls == null) {
            defaultTls = TlsContext.client().alpn("http/1.1").build();
        }
        return defaultTls;
    }
}
