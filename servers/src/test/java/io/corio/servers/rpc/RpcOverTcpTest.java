package io.corio.servers.rpc;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.Service;
import io.corio.transports.Network;
import io.corio.transports.Server;

class RpcOverTcpTest extends RpcOverSocketsContract {
    @Override
    Future<Server> listen(EventLoop loop, Service service) {
        return Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0);
    }

    @Override
    Future<RpcClient> connect(EventLoop loop, Server server, RpcClientOptions options) {
        return RpcClient.connect(loop, "127.0.0.1", server.port(), options);
    }
}
