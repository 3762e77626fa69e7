package io.corio.protocols.internal.pool;

import io.corio.loop.EventLoop;
import io.corio.protocols.FramedProtocol;
import io.corio.protocols.LengthPrefixedCodec;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;

import java.nio.file.Path;

/**
 * The main class of a process-pool worker JVM: {@code WorkerMain <socket path> <max message length>}, with the
 * pool's token in the environment variable {@value #TOKEN_ENV}. Connects to the pool, says HELLO, runs the tasks it
 * receives one at a time on a task thread, and exits when the connection ends: the pool closed it, or the parent
 * process died and the kernel closed it. The task's {@code System.out} goes to this JVM's stderr, which the pool
 * inherits; stdout stays unused.
 */
public final class WorkerMain {
    /** The environment variable that carries the token the worker proves itself with. */
    public static final String TOKEN_ENV = "CORIO_POOL_TOKEN";

    private WorkerMain() {
    }

    public static void main(String[] args) {
        String token = System.getenv(TOKEN_ENV);
        if (args.length != 2 || token == null) {
            System.err.println("corio pool worker: started without its socket path, limit or " + TOKEN_ENV
                    + "; this class is started by ProcessPoolExecutor");
            System.exit(2);
        }
        System.setOut(System.err);
        Path socket = Path.of(args[0]);
        int maxMessageLength = Integer.parseInt(args[1]);
        try {
            EventLoop.run(() -> {
                EventLoop loop = io.corio.loop.Async.runningLoop();
                var session = new WorkerSession(loop, token, maxMessageLength);
                Network.createUnixConnection(loop, () -> new FramedProtocol<>(
                        new LengthPrefixedCodec(maxMessageLength), session), socket, ConnectOptions.DEFAULTS).await();
                session.closed().await();
                return null;
            });
        } catch (Throwable e) {
            System.err.println("corio pool worker " + ProcessHandle.current().pid() + ": " + e);
            System.exit(1);
        }
        System.exit(0);
    }
}
