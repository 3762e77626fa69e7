package io.corio.transports.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP address that never answers a connect: a listening socket that never accepts, whose accept queue (backlog
 * 1) is filled first, so the kernel drops further SYNs and a connect stays pending until the client gives up.
 * Close it after the test.
 */
public final class Blackhole implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final List<SocketChannel> fillers = new ArrayList<>();

    public Blackhole(String host) throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(host, 0), 1);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < 16; i++) {
                SocketChannel c = SocketChannel.open();
                fillers.add(c);
                c.configureBlocking(false);
                if (c.connect(address())) {
                    continue;
                }
                SelectionKey key = c.register(selector, SelectionKey.OP_CONNECT);
                boolean answered = selector.select(300) > 0;
                key.cancel();
                selector.selectNow();
                if (!answered) {
                    return;   // this connect hangs: the queue is full
                }
                c.finishConnect();
            }
        }
        close();
        throw new IOException("could not fill the accept queue of " + listener.getLocalAddress());
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : fillers) {
            c.close();
        }
        listener.close();
    }
}
