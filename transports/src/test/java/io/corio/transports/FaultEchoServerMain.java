package io.corio.transports;

import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.transports.support.EchoProtocol;
import java.io.IOException;
import java.time.Duration;

/**
 * A TCP echo server for a child JVM in {@link EmfileFaultsTest}: listens on 127.0.0.1 (port 0), prints
 * {@code port N} on stdout, and runs until its stdin closes. Errors go to the loop's default exception handler,
 * which logs them on stderr. Before printing the port it runs every path the accept error takes once (the
 * logger, the error context, a timer), so that nothing needs a file descriptor to load a class once the test
 * has used them all up.
 */
public final class FaultEchoServerMain {
    private FaultEchoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (var loop = EventLoop.create()) {
            System.getLogger("io.corio.loop").log(System.Logger.Level.INFO, "fault echo server starting");
            ErrorContext.of("warm-up", new IOException("warm-up"), loop).describe();
            loop.callLater(Duration.ofMillis(1), () -> { });
            Server server = loop.runUntilComplete(Network.createServer(loop, EchoProtocol::new, "127.0.0.1", 0));
            System.out.println("port " + server.port());
            System.out.flush();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    System.in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // stdin gone: stop as well
                }
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever();
            server.close();
            server.abortClients();
        }
    }
}
