package io.corio.bench.echo;

import io.corio.loop.EventLoop;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.tls.TlsContext;
import io.corio.transports.tls.TlsProvider;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * TLS echo server: the {@link ProtocolEcho} protocol over Corio's TLS layer, with the certificate chain and
 * private key from PEM files and the JSSE provider chosen on the command line ({@code bc}: BouncyCastle JSSE, the
 * default; {@code jdk}: SunJSSE). One loop thread, 127.0.0.1:PORT, until the process is killed.
 *
 * <p>{@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/corio-bench.jar
 * io.corio.bench.echo.TlsEcho PORT CERT.pem KEY.pem [bc|jdk]}
 */
public final class TlsEcho {
    // Held so the logger's level is not lost when it is garbage collected.
    private static final Logger BC_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private TlsEcho() {
    }

    public static void main(String[] args) throws Exception {
        String usage = "TlsEcho PORT CERT.pem KEY.pem [bc|jdk]";
        int port = EchoServers.port(args, 3, usage);
        TlsProvider provider = switch (args.length > 3 ? args[3] : "bc") {
            case "bc" -> TlsProvider.BCJSSE;
            case "jdk" -> TlsProvider.SUNJSSE;
            default -> {
                System.err.println("usage: " + usage);
                System.exit(2);
                throw new AssertionError();
            }
        };
        BC_LOG.setLevel(Level.WARNING);  // BC's INFO logging costs ~15 ms per handshake (DESIGN.md)
        TlsContext tls = TlsContext.server(Path.of(args[1]), Path.of(args[2])).provider(provider).build();
        EventLoop loop = EventLoop.create();
        Server server = loop.runUntilComplete(Network.createServer(loop, ProtocolEcho.Echo::new, EchoServers.HOST,
                port, EchoServers.OPTIONS.withTls(tls)));
        EchoServers.serve(loop, server, "tls echo (" + provider + ")");
    }
}
