package io.corio.servers.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.Transport;
import io.corio.transports.testing.MemoryTransport;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streamed response bodies: pieces, end, trailers, abandoning, and backpressure to the server. */
class HttpClientStreamTest {
    private static final String URL = "http://example.test/big";
    private final TestLoop loop = TestLoop.create();
    private HttpClient client;
    private ScriptedServer.Factory server;

    private void client(ScriptedServer.Script script) {
        server = new ScriptedServer.Factory(script);
        client = new HttpClient(loop, HttpClientOptions.DEFAULTS, (origin, protocol) -> {
            Future<Transport> made = loop.createFuture();
            made.setResult(MemoryTransport.pair(loop, server.get(), protocol).client());
            return made;
        });
    }

    @AfterEach
    void close() {
        client.close();
        loop.advance(Duration.ofSeconds(1));
        loop.close();
    }

    @Test
    void chunkedBodyArrivesInPiecesThenNullWithTrailersAndTheConnectionIsReused() {
        client((c, request, i) -> {
            c.reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.reply("5\r\nhello\r\n");
            c.reply("6\r\n world\r\n0\r\nX-Done: yes\r\n\r\n");
        });
        var result = loop.runUntilComplete(() -> {
            try (HttpClientStream s = client.stream(HttpClientRequest.get(URL)).await()) {
                assertThat(s.status()).isEqualTo(200);
                var body = new ByteArrayOutputStream();
                byte[] piece;
                int pieces = 0;
                while ((piece = s.read().await()) != null) {
                    body.writeBytes(piece);
                    pieces++;
                }
                assertThat(pieces).isGreaterThanOrEqualTo(2);
                return body + "|" + s.trailers().get("x-done");
            }
        });
        assertThat(result).isEqualTo("hello world|yes");
        assertThat(client.idleConnections(URL)).isEqualTo(1);
    }

    @Test
    void closingTheStreamBeforeTheEndAbortsTheConnection() {
        client((c, request, i) -> c.reply("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst"));
        byte[] first = loop.runUntilComplete(() -> {
            try (HttpClientStream s = client.stream(HttpClientRequest.get(URL)).await()) {
                return s.read().await();
            }
        });
        assertThat(new String(first)).isEqualTo("first");
        loop.runReady();
        assertThat(client.openConnections()).isZero();
        assertThat(server.connections.getFirst().lost).isTrue();
    }

    @Test
    void unreadBodyPausesReadingSoTheServerBuffersTheRest() {
        int piece = 32 * 1024;
        int pieces = 16;
        client((c, request, i) -> {
            c.reply("HTTP/1.1 200 OK\r\nContent-Length: " + piece * pieces + "\r\n\r\n");
            for (int k = 0; k < pieces; k++) {
                c.reply("x".repeat(piece));
            }
        });
        HttpClientStream s = loop.runUntilComplete(client.stream(HttpClientRequest.get(URL)));
        loop.runReady();
        long waiting = server.connections.getFirst().transport.writeBufferSize();
        assertThat(waiting).isGreaterThanOrEqualTo(piece * pieces - (256 * 1024 + piece)); // read at most 256 KiB
        int total = loop.runUntilComplete(() -> s.readAll().length);
        assertThat(total).isEqualTo(piece * pieces);
        assertThat(client.idleConnections(URL)).isEqualTo(1);
    }
}
