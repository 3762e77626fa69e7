package io.corio.servers.config;

import io.corio.transports.ServerOptions;
import io.corio.transports.tls.ClientAuth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    private static CorioConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", Path.of("/srv/corio"));
    }

    @Test
    void aMinimalListenerGetsEveryDefault() {
        CorioConfig config = parse("""
                listeners:
                  - {name: echo, protocol: echo, port: 7000}
                """);

        assertThat(config.source()).isNull();
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.admin()).isNull();
        assertThat(config.listeners()).containsExactly(new ListenerConfig("echo", "echo", TransportKind.TCP,
                "127.0.0.1", 7000, null, 1, 511, ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, null,
                ProtocolOptions.Echo.DEFAULTS));
    }

    @Test
    void limitsTimeoutsAndOptionsAreReadWithTheirUnits() {
        ListenerConfig web = parse("""
                shutdown: {timeout: 2m}
                listeners:
                  - name: web
                    protocol: http
                    host: "::1"
                    port: 0x1F90
                    workers: 4
                    limits: {bodySize: 1 MiB, headerCount: 50, writeHighWater: 128KiB, writeLowWater: 0}
                    timeouts: {header: 500ms, idle: 0}
                    options: {root: public, accessLog: false, rpcPath: /rpc}
                """).listeners().getFirst();

        assertThat(web.host()).isEqualTo("::1");
        assertThat(web.port()).isEqualTo(8080);
        assertThat(web.address()).isEqualTo("tcp://[::1]:8080");
        assertThat(web.workers()).isEqualTo(4);
        assertThat(web.limits().bodySize()).isEqualTo(1 << 20);
        assertThat(web.limits().headerCount()).isEqualTo(50);
        assertThat(web.limits().writeHighWater()).isEqualTo(128 * 1024);
        assertThat(web.limits().writeLowWater()).isZero();
        assertThat(web.limits().requestLine()).isEqualTo(ListenerLimits.DEFAULTS.requestLine());
        assertThat(web.timeouts().header()).isEqualTo(Duration.ofMillis(500));
        assertThat(web.timeouts().idle()).isZero();
        assertThat(web.timeouts().body()).isEqualTo(ListenerTimeouts.DEFAULTS.body());
        assertThat(web.options()).isEqualTo(new ProtocolOptions.Http(Path.of("/srv/corio/public"), false, "/rpc"));
    }

    @Test
    void defaultsApplyToEveryListenerUnderItsOwnValues() {
        CorioConfig config = parse("""
                defaults:
                  workers: 2
                  limits: {maxConnections: 100, readBuffer: 8KiB}
                  timeouts: {idle: 5s}
                listeners:
                  - {name: a, protocol: echo, port: 7000}
                  - {name: b, protocol: echo, port: 7001, workers: 1, limits: {readBuffer: 4KiB, readSize: 1MiB}}
                """);

        ListenerConfig a = config.listeners().get(0);
        ListenerConfig b = config.listeners().get(1);
        assertThat(a.workers()).isEqualTo(2);
        assertThat(a.limits().maxConnections()).isEqualTo(100);
        assertThat(a.limits().readBuffer()).isEqualTo(8192);
        assertThat(a.timeouts().idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.workers()).isEqualTo(1);
        assertThat(b.limits().maxConnections()).isEqualTo(100);
        assertThat(b.limits().readBuffer()).isEqualTo(4096);
        assertThat(a.limits().readSize()).as("the transport's read size, by default asyncio's")
                .isEqualTo(ServerOptions.DEFAULT_READ_BUFFER_SIZE).isEqualTo(256 * 1024);
        assertThat(b.limits().readSize()).isEqualTo(1 << 20);
    }

    @Test
    void relativePathsAreResolvedAgainstTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("conf/corio.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                listeners:
                  - name: https
                    protocol: http
                    transport: tls
                    port: 8443
                    tls: {cert: certs/cert.pem, key: ../key.pem, clientCa: /etc/ca.pem, clientAuth: optional}
                  - {name: local, protocol: rpc, transport: unix, path: run/rpc.sock}
                """);

        CorioConfig config = ConfigLoader.load(file);

        assertThat(config.source()).isEqualTo(file);
        TlsConfig tls = config.listeners().getFirst().tls();
        assertThat(tls.cert()).isEqualTo(dir.resolve("conf/certs/cert.pem"));
        assertThat(tls.key()).isEqualTo(dir.resolve("key.pem"));
        assertThat(tls.clientCa()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(tls.clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
        assertThat(config.listeners().get(1).path()).isEqualTo(dir.resolve("conf/run/rpc.sock"));
    }

    @Test
    void anHttpTlsListenerOffersHttp11ThroughAlpnUnlessTold() {
        CorioConfig config = parse("""
                listeners:
                  - {name: a, protocol: http, transport: tls, port: 1, tls: &tls {cert: c.pem, key: k.pem}}
                  - {name: b, protocol: echo, transport: tls, port: 2, tls: *tls}
                  - name: c
                    protocol: http
                    transport: tls
                    port: 3
                    tls: {cert: c.pem, key: k.pem, alpn: [h2, http/1.1], protocols: [TLSv1.3], provider: jdk}
                """);

        assertThat(config.listeners().get(0).tls().alpn()).containsExactly("http/1.1");
        assertThat(config.listeners().get(0).tls().protocols()).isEqualTo(TlsConfig.DEFAULT_PROTOCOLS);
        assertThat(config.listeners().get(1).tls().alpn()).isEmpty();
        TlsConfig c = config.listeners().get(2).tls();
        assertThat(c.alpn()).containsExactly("h2", "http/1.1");
        assertThat(c.protocols()).containsExactly("TLSv1.3");
        assertThat(c.provider()).isEqualTo("jdk");
        assertThat(c.handshakeTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aUserProtocolsOptionsPassThroughAsPlainValues() {
        ListenerConfig custom = parse("""
                listeners:
                  - name: mine
                    protocol: com.example.chat.ChatProtocol
                    transport: udp
                    port: 9000
                    options:
                      greeting: hello
                      maxUsers: 100
                      big: 10000000000
                      ratio: 0.5
                      verbose: true
                      rooms: [lobby, dev]
                      nested: {deep: [1, {x: y}]}
                """).listeners().getFirst();

        assertThat(custom.builtIn()).isFalse();
        assertThat(custom.options()).isInstanceOf(ProtocolOptions.Custom.class);
        assertThat(custom.customSettings()).containsOnly(
                Map.entry("greeting", "hello"), Map.entry("maxUsers", 100), Map.entry("big", 10_000_000_000L),
                Map.entry("ratio", 0.5), Map.entry("verbose", true), Map.entry("rooms", List.of("lobby", "dev")),
                Map.entry("nested", Map.of("deep", List.of(1, Map.of("x", "y")))));
    }

    @Test
    void rpcOptionsAndTheAdminListenerAreRead() {
        CorioConfig config = parse("""
                admin: {port: 9100}
                listeners:
                  - name: rpc
                    protocol: rpc
                    port: 7001
                    options: {framing: newline, service: com.example.Calculator}
                """);

        assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 9100));
        assertThat(config.listeners().getFirst().options())
                .isEqualTo(new ProtocolOptions.Rpc("newline", "com.example.Calculator"));
    }

    @Test
    void mergeKeysShareSettingsAndTheKeysBesideThemWin() {
        CorioConfig config = parse("""
                listeners:
                  - &base {name: a, protocol: echo, port: 7000, workers: 3, limits: {readBuffer: 4KiB}}
                  - <<: *base
                    name: b
                    port: 7001
                """);

        ListenerConfig b = config.listeners().get(1);
        assertThat(b.name()).isEqualTo("b");
        assertThat(b.port()).isEqualTo(7001);
        assertThat(b.workers()).isEqualTo(3);
        assertThat(b.limits().readBuffer()).isEqualTo(4096);
    }
}
