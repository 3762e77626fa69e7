package io.corio.servers.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.servers.config.CorioConfig;
import io.corio.servers.config.ListenerConfig;
import io.corio.servers.config.ListenerLimits;
import io.corio.servers.config.ListenerTimeouts;
import io.corio.servers.config.ProtocolOptions;
import io.corio.servers.config.TransportKind;
import io.corio.servers.rpc.RpcClient;
import io.corio.servers.rpc.RpcClientOptions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Corio's own servers as the launcher starts them from a listener's configuration (ServiceRegistry.builtIns). */
class BuiltInServicesTest {
    private Launcher launcher;

    @AfterEach
    void close() {
        if (launcher != null) {
            launcher.close();
        }
    }

    private static ListenerConfig listener(String protocol, ProtocolOptions options) {
        return new ListenerConfig(protocol, protocol, TransportKind.TCP, "127.0.0.1", 0, null, 1, 511,
                ListenerLimits.DEFAULTS, ListenerTimeouts.DEFAULTS, null, options);
    }

    private int start(ListenerConfig listener) throws LaunchException {
        launcher = Launcher.start(CorioConfig.of(listener), ServiceRegistry.builtIns(), line -> { });
        return launcher.listeners().getFirst().port();
    }

    @Test
    void rpcListenerServesTheDemoServiceWithLengthPrefixedFrames() throws Exception {
        int port = start(listener("rpc", ProtocolOptions.Rpc.DEFAULTS));

        int result = EventLoop.run(() -> {
            RpcClient client = RpcClient.connect(Async.runningLoop(), "127.0.0.1", port, RpcClientOptions.DEFAULTS)
                    .await();
            try {
                return client.call("subtract", List.of(42, 23)).await().asInt();
            } finally {
                client.close();
            }
        });
        assertThat(result).isEqualTo(19);
    }

    @Test
    void rpcListenerWithAnUnknownServiceClassDoesNotStart() {
        var rpc = listener("rpc", new ProtocolOptions.Rpc("length", "com.example.NoSuchService"));

        assertThatThrownBy(() -> start(rpc))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("listener 'rpc': ")
                .hasMessageContaining("com.example.NoSuchService");
    }
}
