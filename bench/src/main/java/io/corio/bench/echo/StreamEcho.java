package io.corio.bench.echo;

import io.corio.loop.EventLoop;
import io.corio.protocols.StreamReader;
import io.corio.protocols.StreamWriter;
import io.corio.protocols.Streams;
import io.corio.transports.Server;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * TCP echo server with a coroutine per connection, the idiomatic stream echo (as the shared harness's
 * {@code py_echo.py streams} does with asyncio): {@code read(65536)}, then write and drain, until the end of the
 * stream. One loop thread, 127.0.0.1:PORT, until the process is killed.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/corio-bench.jar
 * io.corio.bench.echo.StreamEcho PORT}
 */
public final class StreamEcho {
    static final int READ_SIZE = 64 * 1024;

    private StreamEcho() {
    }

    /**
     * The handler: the buffer a read returns is ours, and {@code send} takes it over (write, then drain). A
     * connection reset by the peer ends it quietly, as {@code except ConnectionError: pass} does in py_echo.py: the
     * load generators close their connections with a reset at the end of every run.
     */
    static void echo(StreamReader reader, StreamWriter writer) throws Exception {
        try {
            while (true) {
                ByteBuf data = reader.read(READ_SIZE).await();
                if (!data.isReadable()) {
                    data.release();
                    return;  // end of stream; the server closes the writer when the handler returns
                }
                writer.send(data).await();
            }
        } catch (Exception e) {
            if (!(e instanceof IOException)) {
                throw e;
            }
        }
    }

    public static void main(String[] args) {
        int port = EchoServers.port(args, 1, "StreamEcho PORT");
        EventLoop loop = EventLoop.create();
        Server server = loop.runUntilComplete(
                Streams.startServer(loop, StreamEcho::echo, EchoServers.HOST, port, EchoServers.OPTIONS));
        EchoServers.serve(loop, server, "stream echo");
    }
}
