package io.corio.servers.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.servers.HostileClients;
import io.corio.servers.config.ConfigLoader;
import io.corio.servers.config.CorioConfig;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The admin listener (metrics, task dumps) is reachable from this host only, unless the file names a host. */
class SecurityAdminTest {
    private Launcher launcher;

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private int startAdmin(String adminLine) throws Exception {
        CorioConfig config = ConfigLoader.parse(adminLine + """

                listeners:
                  - name: web
                    protocol: http
                    host: 127.0.0.1
                    port: 0
                """, "security-admin.yaml");
        launcher = Launcher.start(config, ServiceRegistry.builtIns(), line -> { });
        String described = launcher.describe();
        assertThat(described).contains("admin http://");
        return Integer.parseInt(described.replaceAll(".*admin http://[^ ]*:(\\d+).*", "$1"));
    }

    @Test
    void theAdminListenerBindsLoopbackByDefault() throws Exception {
        int port = startAdmin("admin: {port: 0}");
        assertThat(launcher.describe()).matches(".*admin http://127\\.0\\.0\\.1:\\d+");
        String health = HostileClients.exchange(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(health).startsWith("HTTP/1.1 200 ");

        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), () -> {
            System.out.println("SKIPPED (in part): no non-loopback IPv4 address here to try the admin port on");
            return "no non-loopback address";
        });
        assertThatThrownBy(() -> {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), port), 2000);
            }
        }).as("the admin port from " + external.get()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aHostInTheFileIsHonoured() throws Exception {
        startAdmin("admin: {host: 0.0.0.0, port: 0}");
        assertThat(launcher.describe()).matches(".*admin http://0\\.0\\.0\\.0:\\d+");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }
}
