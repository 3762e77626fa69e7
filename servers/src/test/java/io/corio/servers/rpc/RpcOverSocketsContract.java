package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimeoutException;
import io.corio.loop.sync.Event;
import io.corio.servers.Service;
import io.corio.transports.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RpcServer and RpcClient over real sockets on loopback; subclasses supply the transport (TCP, Unix, TLS). Each
 * test runs server and client on one loop, as one coroutine, bounded by {@code Async.timeout}.
 */
abstract class RpcOverSocketsContract {
    /** Starts listening with {@code service}. */
    abstract Future<Server> listen(EventLoop loop, Service service);

    /** Connects a client to {@code server}. */
    abstract Future<RpcClient> connect(EventLoop loop, Server server, RpcClientOptions options);

    private final Event hangCancelled = new Event();
    private final RpcService rpc = RpcService.builder()
            .methods(new DemoService())
            .method("hang", params -> {
                try {
                    Async.sleep(Duration.ofHours(1));
                    return null;
                } finally {
                    hangCancelled.set();
                }
            })
            .build();

    /** Runs {@code test} in a coroutine with a server for {@code options} and a client; closes both. */
    private void withServer(RpcServerOptions serverOptions, RpcClientOptions clientOptions, Scenario test) {
        EventLoop.run(() -> Async.timeout(Duration.ofSeconds(30), () -> {
            EventLoop loop = Async.runningLoop();
            Service service = RpcServer.service(loop, rpc, serverOptions);
            Server server = listen(loop, service).await();
            RpcClient client = connect(loop, server, clientOptions).await();
            try {
                test.run(client, service, server);
            } finally {
                client.close();
                server.close();
                service.abort();
            }
            return null;
        }));
    }

    interface Scenario {
        void run(RpcClient client, Service service, Server server) throws Exception;
    }

    private void withServer(Scenario test) {
        withServer(RpcServerOptions.DEFAULTS, RpcClientOptions.DEFAULTS, test);
    }

    @Test
    void concurrentCallsShareOneConnectionAndEachGetsItsOwnAnswer() {
        withServer((client, service, server) -> {
            var calls = new ArrayList<Future<JsonNode>>();
            for (int i = 0; i < 100; i++) {
                calls.add(client.call("sleep", List.of((i * 7) % 10 * 3)));   // answers come back out of order
                calls.add(client.call("add", Map.of("a", i, "b", 1000)));
            }
            for (int i = 0; i < 100; i++) {
                assertThat(calls.get(2 * i).await().asLong()).isEqualTo((i * 7) % 10 * 3);
                assertThat(calls.get(2 * i + 1).await().asLong()).isEqualTo(i + 1000);
            }
            assertThat(service.connections()).isEqualTo(1);
            assertThat(client.pending()).isZero();
        });
    }

    @Test
    void typedCallsBatchesAndNotificationsWork() {
        withServer((client, service, server) -> {
            assertThat(client.call("subtract", List.of(42, 23), Long.class).await()).isEqualTo(19L);
            client.notify("update", List.of(1, 2, 3));
            var batch = client.batch();
            Future<JsonNode> sum = batch.call("sum", List.of(1, 2, 4));
            batch.notify("notify_hello", List.of(7));
            Future<JsonNode> data = batch.call("get_data", null);
            Future<JsonNode> missing = batch.call("foo.get", Map.of("name", "myself"));
            batch.send();
            assertThat(sum.await().asInt()).isEqualTo(7);
            assertThat(data.await().toString()).isEqualTo("[\"hello\",5]");
            assertThatThrownBy(missing::await).isInstanceOfSatisfying(RpcException.class,
                    e -> assertThat(e.code()).isEqualTo(RpcException.METHOD_NOT_FOUND));
        });
    }

    @Test
    void anErrorAnswerFailsTheCallWithItsCodeMessageAndData() {
        withServer((client, service, server) -> {
            assertThatThrownBy(() -> client.call("fail", List.of(-32042, "no luck")).await())
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(-32042);
                        assertThat(e.getMessage()).isEqualTo("no luck");
                    });
            assertThatThrownBy(() -> client.call("add", List.of(1)).await())
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.data().asText())
                            .isEqualTo("add takes 2 positional params, got 1"));
            assertThatThrownBy(() -> client.call("add", "1, 2")).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void aCallThatTimesOutIsCancelledOnTheServer() {
        withServer((client, service, server) -> {
            assertThatThrownBy(() -> client.call("hang", List.of(), Duration.ofMillis(100)).await())
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("timed out after 100 ms");
            Async.timeout(Duration.ofSeconds(5), () -> {
                hangCancelled.await();
                return null;
            });
            assertThat(client.call("echo", List.of("still usable")).await().asText()).isEqualTo("still usable");
        });
    }

    @Test
    void cancellingTheFutureCancelsTheCallOnTheServer() {
        withServer((client, service, server) -> {
            Future<JsonNode> call = client.call("hang", List.of());
            assertThat(client.call("add", List.of(1, 1)).await().asInt()).isEqualTo(2); // hang has started
            call.cancel();
            Async.timeout(Duration.ofSeconds(5), () -> {
                hangCancelled.await();
                return null;
            });
        });
    }

    @Test
    void aLostConnectionFailsThePendingCallsAndLaterOnes() {
        withServer((client, service, server) -> {
            Future<JsonNode> call = client.call("hang", List.of());
            assertThat(client.call("add", List.of(1, 1)).await().asInt()).isEqualTo(2);
            service.abort();
            assertThatThrownBy(call::await).isInstanceOf(BrokenResourceException.class)
                    .hasMessageContaining("JSON-RPC connection to").hasMessageContaining("lost");
            client.closed().await();
            assertThatThrownBy(() -> client.call("add", List.of(1, 1))).isInstanceOf(BrokenResourceException.class);
        });
    }

    @Test
    void closingTheClientFailsItsPendingCalls() {
        withServer((client, service, server) -> {
            Future<JsonNode> call = client.call("hang", List.of());
            client.close();
            assertThatThrownBy(call::await).isInstanceOf(ClosedResourceException.class);
        });
    }

    @Test
    void newlineFramingWorksEndToEnd() {
        withServer(RpcServerOptions.DEFAULTS.withFraming(Framing.NEWLINE),
                RpcClientOptions.DEFAULTS.withFraming(Framing.NEWLINE), (client, service, server) ->
                        assertThat(client.call("echo", Map.of("value", "line\nbreak")).await().asText())
                                .isEqualTo("line\nbreak"));
    }

    @Test
    void aLateAnswerAfterATimeoutIsIgnoredAndExchangeSendsMessagesAsTheyAre() {
        withServer((client, service, server) -> {
            assertThatThrownBy(() -> client.call("sleep", List.of(200), Duration.ofMillis(50)).await())
                    .isInstanceOf(TimeoutException.class);
            Async.sleep(Duration.ofMillis(300)); // the cancel raced the answer or won: either way nothing breaks
            JsonNode answer = client.exchange(Dispatch.tree("[{\"jsonrpc\": \"2.0\", \"method\": \"add\", "
                    + "\"params\": [1, 2], \"id\": \"x\"}, 5]"), true).await();
            assertThat(answer.toString()).isEqualTo("[{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"x\"},"
                    + "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request\"},"
                    + "\"id\":null}]");
            assertThat(client.exchange(Dispatch.tree("{\"jsonrpc\": \"2.0\", \"method\": \"update\"}"), false)
                    .await()).isNull();
            assertThat(client.call("get_data", null, List.class).await()).isEqualTo(List.of("hello", 5));
        });
    }
}
