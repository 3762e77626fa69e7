package bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;

/**
 * TLS echo server on Netty: one NIO event-loop thread for accept and I/O, {@code SslHandler} with the JDK's
 * SunJSSE engine ({@code SslProvider.JDK}), certificate and PKCS#8 key from PEM files. The same echo handler as
 * the shared harness's {@code bench.NettyEcho}: write every read, flush at the end of a read burst.
 *
 * <p>args: {@code PORT CERT.pem KEY.pem}
 */
public final class NettyTlsEcho {
    private NettyTlsEcho() {
    }

    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: NettyTlsEcho PORT CERT.pem KEY.pem");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        SslContext tls = SslContextBuilder.forServer(new File(args[1]), new File(args[2]))
                .sslProvider(SslProvider.JDK)
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EchoHandler echo = new EchoHandler();
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()), echo);
                        }
                    });
            Channel ch = b.bind("127.0.0.1", port).sync().channel();
            System.out.println("netty tls echo (nio, SslProvider.JDK) listening on 127.0.0.1:" + port);
            ch.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
