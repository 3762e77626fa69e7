package io.corio.servers.rpc;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class RpcOverUnixTest extends RpcOverSocketsContract {
    @TempDir
    Path dir;

    @Override
    Future<Server> listen(EventLoop loop, Service service) {
        return Network.createUnixServer(loop, service.protocolFactory(), dir.resolve("rpc.sock"),
                ServerOptions.DEFAULTS);
    }

    @Override
    Future<RpcClient> connect(EventLoop loop, Server server, RpcClientOptions options) {
        return RpcClient.connectUnix(loop, dir.resolve("rpc.sock"), options);
    }
}
