package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.ServerOptions;
import io.corio.transports.Transport;
import io.corio.transports.testing.MemoryTransport;
import io.corio.transports.testing.RecordingProtocol;
import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.TlsContext;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport and stream examples of README.md, kept compiling and true. Keep the two in step. */
class ReadmeExamplesTest {
    /** README "Protocols": the two-method echo. */
    public static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuf data) {
            transport.write(data.retain());
        }
    }

    @Test
    void protocolEchoOverTcp() {
        String echoed = EventLoop.run(() -> {
            var loop = Async.runningLoop();
            var server = Network.createServer(loop, Echo::new, "127.0.0.1", 0).await();
            var client = new RecordingProtocol();
            Transport t = Network.createConnection(loop, () -> client, "127.0.0.1", server.port()).await();
            t.write("hello");
            while (client.size() < 5) {
                Async.sleep(Duration.ofMillis(1));
            }
            t.close();
            server.close();
            server.waitClosed().await();                       // every accepted connection is gone
            return client.text();
        });
        assertThat(echoed).isEqualTo("hello");
    }

    @Test
    void streamLineServer() {
        String reply = EventLoop.run(() -> {
            var loop = Async.runningLoop();
            var server = Streams.startServer(loop, (reader, writer) -> {
                String line;
                while ((line = reader.readLine().await()) != null) {
                    writer.send(line.toUpperCase() + "\n").await();   // write, then wait below the high-water mark
                }
                writer.close();
            }, "127.0.0.1", 0).await();

            var conn = Streams.openConnection(loop, "127.0.0.1", server.port()).await();
            conn.writer().send("hello\n").await();
            String answer = conn.reader().readLine().await();
            conn.writer().close();
            server.close();
            server.waitClosed().await();
            return answer;
        });
        assertThat(reply).isEqualTo("HELLO");
    }

    @Test
    void protocolTestedInMemory() {
        var loop = TestLoop.create();
        var recorder = new RecordingProtocol();
        var pair = MemoryTransport.pair(loop, new Echo(), recorder);
        pair.client().write("ping");
        loop.advance(Duration.ofSeconds(30));
        assertThat(recorder.text()).isEqualTo("ping");
        loop.close();
    }

    @Test
    void tlsEcho(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Certificates.selfSigned("localhost").writePem(cert, key);

        TlsContext serverTls = TlsContext.server(cert, key).build();
        TlsContext clientTls = TlsContext.client().trust(cert).build();   // hostname verification is on
        String echoed = EventLoop.run(() -> {
            var loop = Async.runningLoop();
            var server = Network.createServer(loop, Echo::new, "127.0.0.1", 0,
                    ServerOptions.DEFAULTS.withTls(serverTls)).await();
            var conn = Streams.openConnection(loop, "127.0.0.1", server.port(),
                    ConnectOptions.DEFAULTS.withTls(clientTls).withServerHostname("localhost")).await();
            conn.writer().send("over tls\n").await();
            String line = conn.reader().readLine().await();
            conn.writer().close();
            server.close();
            server.waitClosed().await();
            return line;
        });
        assertThat(echoed).isEqualTo("over tls");
    }

    /** README "Subprocesses, pipes and process pools": sort through communicate. */
    @Test
    void subprocessExampleSortsItsInput() {
        String sorted = EventLoop.run(() -> {
            ChildProcess p = Processes.exec(java.util.List.of("sort"), io.corio.transports.SubprocessOptions.DEFAULTS)
                    .await();
            ProcessResult r = p.communicate("b\na\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Duration.ofSeconds(5)).await();
            return r.stdoutText();
        });
        assertThat(sorted).isEqualTo("a\nb\n");
    }
}
