package io.corio.servers.launch;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimerHandle;
import io.corio.servers.Service;
import io.corio.servers.internal.ConnectionSet;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line service for launcher tests. Greets each connection with {@code hello <worker>}; answers {@code slow N}
 * with {@code working} at once and {@code done N} after N ms; answers any other line with {@code echo: <line>}.
 * Draining closes idle connections at once and busy ones after their answer, as a real service does.
 */
public final class SlowLineService implements Service {
    private final EventLoop loop;
    private final int worker;
    private final ConnectionSet<Connection> connections;
    /** Connections made, readable from any thread. */
    public final AtomicInteger made = new AtomicInteger();
    /** Completes when the first {@code slow} request is read. */
    public final CompletableFuture<Void> slowStarted = new CompletableFuture<>();

    public SlowLineService(EventLoop loop, int worker) {
        this.loop = loop;
        this.worker = worker;
        this.connections = new ConnectionSet<>(loop);
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Protocol newProtocol() {
        return new Connection();
    }

    @Override
    public int connections() {
        return connections.size();
    }

    @Override
    public Future<Void> drain() {
        return connections.drain(Connection::drain);
    }

    @Override
    public void abort() {
        connections.forEach(c -> c.transport.abort());
    }

    private final class Connection implements Protocol {
        private final StringBuilder pending = new StringBuilder();
        private Transport transport;
        private TimerHandle busy;
        private boolean draining;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
            if (!connections.add(this)) {
                transport.close();
                return;
            }
            made.incrementAndGet();
            transport.write("hello " + worker + "\n");
        }

        @Override
        public void dataReceived(ByteBuf data) {
            pending.append(data.toString(StandardCharsets.UTF_8));
            int nl;
            while (busy == null && !draining && (nl = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, nl);
                pending.delete(0, nl + 1);
                answer(line);
            }
        }

        private void answer(String line) {
            if (!line.startsWith("slow ")) {
                transport.write("echo: " + line + "\n");
                return;
            }
            long millis = Long.parseLong(line.substring(5).strip());
            transport.write("working\n");
            slowStarted.complete(null);
            busy = loop.callLater(Duration.ofMillis(millis), () -> {
                busy = null;
                transport.write("done " + millis + "\n");
                if (draining) {
                    transport.close();
                }
            });
        }

        void drain() {
            draining = true;
            if (busy == null) {
                transport.close();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (busy != null) {
                busy.cancel();
            }
            connections.remove(this);
        }
    }
}
