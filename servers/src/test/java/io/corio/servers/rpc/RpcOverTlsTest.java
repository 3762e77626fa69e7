package io.corio.servers.rpc;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.TlsContext;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

class RpcOverTlsTest extends RpcOverSocketsContract {
    private static final CertifiedKey KEY = Certificates.selfSigned("localhost");

    @TempDir
    Path dir;

    @Override
    Future<Server> listen(EventLoop loop, Service service) {
        try {
            return Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0,
                    ServerOptions.DEFAULTS.withTls(TlsContext.server(KEY).build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Future<RpcClient> connect(EventLoop loop, Server server, RpcClientOptions options) {
        try {
            Path cert = dir.resolve("cert.pem");
            KEY.writePem(cert, dir.resolve("key.pem"));
            var tls = TlsContext.client().trust(cert).build();
            return RpcClient.connect(loop, "127.0.0.1", server.port(), options.withConnect(
                    options.connect().withTls(tls).withServerHostname("localhost")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
