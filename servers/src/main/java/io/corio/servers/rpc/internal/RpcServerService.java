package io.corio.servers.rpc.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.FrameDecoder;
import io.corio.protocols.FrameEncoder;
import io.corio.protocols.FramedProtocol;
import io.corio.protocols.LengthPrefixedCodec;
import io.corio.protocols.LineCodec;
import io.corio.servers.Service;
import io.corio.servers.internal.ConnectionSet;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcServerOptions;
import io.corio.servers.rpc.RpcService;
import io.corio.transports.Protocol;
import io.netty.buffer.ByteBuf;

/** {@code RpcServer.service}: a {@link FramedProtocol} with an {@link RpcConnection} per connection. Loop thread. */
public final class RpcServerService implements Service {
    private final EventLoop loop;
    private final RpcService rpc;
    private final RpcServerOptions options;
    private final ConnectionSet<RpcConnection> connections;

    public RpcServerService(EventLoop loop, RpcService rpc, RpcServerOptions options) {
        this.loop = loop;
        this.rpc = rpc;
        this.options = options;
        this.connections = new ConnectionSet<>(loop);
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Protocol newProtocol() {
        FrameDecoder<ByteBuf> codec = codec(options.framing(), options.frameLength());
        var decoder = new GuardedDecoder(codec);
        var connection = new RpcConnection(loop, rpc.dispatcher(), options, connections, decoder);
        @SuppressWarnings("unchecked")
        FrameEncoder<ByteBuf> encoder = (FrameEncoder<ByteBuf>) codec;
        return new FramedProtocol<>(decoder, encoder, connection);
    }

    /** A new decoder-encoder for one connection (line decoding keeps state). */
    static FrameDecoder<ByteBuf> codec(Framing framing, int maxLength) {
        return framing == Framing.LENGTH ? new LengthPrefixedCodec(maxLength) : new LineCodec(maxLength);
    }

    @Override
    public int connections() {
        return connections.size();
    }

    @Override
    public Future<Void> drain() {
        return connections.drain(RpcConnection::startDrain);
    }

    @Override
    public void abort() {
        connections.forEach(RpcConnection::abort);
    }

    @Override
    public String toString() {
        return "RpcService[" + options.framing().key() + ", " + connections + "]";
    }
}
