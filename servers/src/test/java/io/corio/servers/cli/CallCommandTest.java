package io.corio.servers.cli;

import io.corio.loop.EventLoop;
import io.corio.loop.LoopGroup;
import io.corio.servers.Service;
import io.corio.servers.rpc.RpcServer;
import io.corio.servers.rpc.RpcServerOptions;
import io.corio.servers.rpc.RpcService;
import io.corio.servers.rpc.Framing;
import io.corio.transports.Network;
import io.corio.transports.Server;
import io.corio.transports.ServerOptions;
import io.corio.transports.tls.Certificates;
import io.corio.transports.tls.CertifiedKey;
import io.corio.transports.tls.TlsContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code corio call} in-process against demo servers (TCP length framing, TCP newline, Unix) on a loop thread. */
class CallCommandTest {
    @TempDir
    Path dir;

    private LoopGroup group;
    private EventLoop loop;
    private final List<Server> servers = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private int port;
    private int newlinePort;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        group = LoopGroup.start(1);
        loop = group.next();
        socket = dir.resolve("rpc.sock");
        loop.submit(() -> {
            port = listen(RpcServerOptions.DEFAULTS, null).port();
            newlinePort = listen(RpcServerOptions.DEFAULTS.withFraming(Framing.NEWLINE), null).port();
            listen(RpcServerOptions.DEFAULTS, socket);
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    private Server listen(RpcServerOptions options, Path unix) {
        Service service = RpcServer.service(loop, RpcService.demo(), options);
        services.add(service);
        Server server = (unix != null
                ? Network.createUnixServer(loop, service.protocolFactory(), unix, ServerOptions.DEFAULTS)
                : Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0)).await();
        servers.add(server);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        loop.submit(() -> {
            servers.forEach(Server::close);
            services.forEach(Service::abort);
            return null;
        }).get(10, TimeUnit.SECONDS);
        group.close();
    }

    @Test
    void aCallPrintsThePrettyResponseAndExitsZero() {
        Cli run = Cli.run("call", "--port", Integer.toString(port), "subtract",
                "{\"minuend\": 42, \"subtrahend\": 23}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                {
                  "jsonrpc" : "2.0",
                  "result" : 19,
                  "id" : 1
                }
                """);
    }

    @Test
    void anErrorResponseIsPrintedAndExitsOne() {
        Cli run = Cli.run("call", "--port", Integer.toString(port), "foobar");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("\"code\" : -32601", "\"message\" : \"Method not found\"");
        assertThat(run.errLines()).containsExactly("corio call: the response is an error");
    }

    @Test
    void aBatchFileIsSentAsWrittenOverAUnixSocket() throws Exception {
        Path batch = dir.resolve("batch.json");
        Files.writeString(batch, """
                [{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                 {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                 {"foo": "boo"}]
                """);
        Cli run = Cli.run("call", "--path", socket.toString(), "--batch", batch.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("\"result\" : 7", "\"code\" : -32600");
        assertThat(run.errLines()).containsExactly("corio call: the response has 1 error");
    }

    @Test
    void newlineFramingAndNotificationsWork() {
        Cli call = Cli.run("call", "--port", Integer.toString(newlinePort), "--framing", "newline", "add", "[2, 3]");
        assertThat(call.out()).contains("\"result\" : 5");
        Cli notify = Cli.run("call", "--port", Integer.toString(port), "--notify", "update", "[1, 2]");
        assertThat(notify.exitCode()).as(notify.err()).isZero();
        assertThat(notify.out()).isEmpty();
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertThat(Cli.run("call", "add").errLines()[0]).isEqualTo("corio call: give the server's --port PORT or "
                + "--path SOCKET");
        Cli badJson = Cli.run("call", "--port", "1", "add", "[1,");
        assertThat(badJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badJson.errLines()[0]).startsWith("corio call: PARAMS_JSON is not valid JSON: ");
        assertThat(Cli.run("call", "--port", "1", "add", "5").errLines()[0])
                .isEqualTo("corio call: PARAMS_JSON must be a JSON array or object, got 5");
        assertThat(Cli.run("call", "--port", "1", "--framing", "xml", "add").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void tlsWithACaCertificateWorks() throws Exception {
        CertifiedKey key = Certificates.selfSigned("localhost");
        Path cert = dir.resolve("cert.pem");
        key.writePem(cert, dir.resolve("key.pem"));
        int tlsPort = loop.submit(() -> {
            Service service = RpcServer.service(loop, RpcService.demo(), RpcServerOptions.DEFAULTS);
            services.add(service);
            Server server = Network.createServer(loop, service.protocolFactory(), "127.0.0.1", 0,
                    ServerOptions.DEFAULTS.withTls(TlsContext.server(key).build())).await();
            servers.add(server);
            return server.port();
        }).get(10, TimeUnit.SECONDS);
        Cli run = Cli.run("call", "--host", "localhost", "--port", Integer.toString(tlsPort), "--cacert",
                cert.toString(), "echo", "[\"secret\"]");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"result\" : \"secret\"");
        Cli untrusted = Cli.run("call", "--host", "localhost", "--port", Integer.toString(tlsPort), "--tls", "echo",
                "[1]");
        assertThat(untrusted.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(untrusted.errLines()).hasSize(1);
    }

    @Test
    void anUnreachableServerIsAOneLineFailure() throws Exception {
        Cli run = Cli.run("call", "--path", dir.resolve("nobody.sock").toString(), "add", "[1, 2]");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines()[0]).startsWith("corio call: cannot reach unix:" + dir.resolve("nobody.sock"));
    }
}
