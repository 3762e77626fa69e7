package io.corio.transports.tls;

import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.tls.TlsLayers;
import io.corio.transports.testing.MemoryTransport;
import io.corio.transports.testing.RecordingProtocol;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Certificates made once per test JVM (a test CA and what it issues), PEM files, and small protocols. */
final class TlsFixtures {
    static final CertifiedKey CA = Certificates.builder("Corio Test CA").authority().build();
    static final CertifiedKey LOCALHOST = Certificates.builder("localhost")
            .subjectAltNames("localhost", "127.0.0.1", "::1").issuer(CA).build();
    static final CertifiedKey OTHER_HOST = Certificates.builder("other.example")
            .subjectAltNames("other.example").issuer(CA).build();
    static final CertifiedKey EXPIRED = Certificates.builder("localhost").subjectAltNames("localhost")
            .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
            .issuer(CA).build();
    static final CertifiedKey SELF_SIGNED = Certificates.selfSigned("localhost");
    static final CertifiedKey CLIENT = Certificates.builder("client-1").issuer(CA).build();
    static final CertifiedKey STRANGER = Certificates.selfSigned("mallory");
    static final Path DIR;
    static final Path CA_PEM;
    static final Path LOCALHOST_CERT;
    static final Path LOCALHOST_KEY;

    static {
        try {
            DIR = Files.createTempDirectory("corio-tls-test");
            DIR.toFile().deleteOnExit();
            CA_PEM = DIR.resolve("ca.pem");
            CA.writePem(CA_PEM, DIR.resolve("ca-key.pem"));
            LOCALHOST_CERT = DIR.resolve("localhost.pem");
            LOCALHOST_KEY = DIR.resolve("localhost-key.pem");
            LOCALHOST.writePem(LOCALHOST_CERT, LOCALHOST_KEY);
            for (Path p : List.of(CA_PEM, DIR.resolve("ca-key.pem"), LOCALHOST_CERT, LOCALHOST_KEY)) {
                p.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TlsFixtures() {
    }

    static TlsContext.Builder server() {
        return TlsContext.server(LOCALHOST);
    }

    static TlsContext.Builder client() {
        return TlsContext.client().trust(CA_PEM);
    }

    static TlsContext build(TlsContext.Builder builder) {
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS client and server joined in memory; the handshake starts at once and runs when the loop runs. */
    record Link(TestLoop loop, MemoryTransport.Pair pair, RecordingProtocol client, Future<Transport> ready) {
        Transport clientTls() {
            return loop.runUntilComplete(ready);
        }
    }

    static Link link(TestLoop loop, TlsContext server, Protocol serverApp, TlsContext client, String host) {
        var recorder = new RecordingProtocol();
        Future<Transport> ready = loop.createFuture();
        var pair = MemoryTransport.pair(loop, TlsLayers.server(server, serverApp),
                TlsLayers.client(client, recorder, host, ready));
        return new Link(loop, pair, recorder, ready);
    }

    /** Writes back what it receives; remembers its transport. */
    static class Echo implements Protocol {
        Transport transport;
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            events.add("connectionMade");
        }

        @Override
        public void dataReceived(ByteBuf data) {
            transport.write(data.retain());
        }

        @Override
        public void connectionLost(Throwable cause) {
            events.add(cause == null ? "lost" : "lost:" + cause.getMessage());
        }
    }
}
