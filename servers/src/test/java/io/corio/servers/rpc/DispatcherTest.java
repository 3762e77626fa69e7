package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.node.TextNode;
import io.corio.loop.Async;
import io.corio.loop.ErrorContext;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.corio.servers.rpc.Dispatch.assertSameJson;
import static io.corio.servers.rpc.Dispatch.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport-free dispatcher: every error code, id types, params binding, coroutines. */
class DispatcherTest {
    private final TestLoop loop = TestLoop.create();
    private final List<ErrorContext> reported = new ArrayList<>();

    /** Annotated methods beside the lambdas below. */
    public static final class Shop {
        public record Item(String name, int count) {
        }

        @RpcMethod("stock")
        public Item stock(@RpcParam("name") String name, @RpcParam("count") int count) {
            return new Item(name, count);
        }

        @RpcMethod("total")
        public int total(@RpcParam("items") List<Item> items) {
            return items.stream().mapToInt(Item::count).sum();
        }

        @RpcMethod
        public String unnamed(String a) {
            return a;
        }
    }

    private final RpcService service = RpcService.builder()
            .methods(new DemoService())
            .methods(new Shop())
            .method("boom", params -> {
                throw new IllegalStateException("the shelf fell");
            })
            .method("outOfStock", params -> {
                throw RpcException.serverError(-32001, "out of stock", TextNode.valueOf("apples"));
            })
            .method("later", params -> {
                Async.sleep(Duration.ofSeconds(5));
                return "done";
            })
            .method("future", params -> loop.createTask(() -> 42))
            .build();

    DispatcherTest() {
        loop.setExceptionHandler((l, context) -> reported.add(context));
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private String call(String message) {
        return Dispatch.dispatch(loop, service, message);
    }

    private void assertAnswer(String request, String expected) {
        String actual = call(request);
        assertThat(actual).as("answer to %s", request).isNotNull();
        assertSameJson(actual, expected);
    }

    private void assertError(String request, int code, Object id) {
        var response = tree(call(request));
        assertThat(response.path("error").path("code").asInt()).as("%s -> %s", request, response).isEqualTo(code);
        assertThat(response.get("id")).isEqualTo(Dispatch.JSON.valueToTree(id));
        assertThat(response.has("result")).isFalse();
    }

    @Test
    void idsOfEveryTypeAreEchoed() {
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":\"abc\"}",
                "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":\"abc\"}");
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":-7}",
                "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":-7}");
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1.5}",
                "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":1.5}");
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":null}",
                "{\"jsonrpc\":\"2.0\",\"result\":3,\"id\":null}");
    }

    @Test
    void malformedJsonIsAParseError() {
        assertError("{\"jsonrpc\":\"2.0\",", RpcException.PARSE_ERROR, null);
        assertError("", RpcException.PARSE_ERROR, null);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2],\"id\":1} trailing",
                RpcException.PARSE_ERROR, null);
    }

    @Test
    void structurallyWrongRequestsAreInvalid() {
        assertError("{\"jsonrpc\":\"1.0\",\"method\":\"add\",\"id\":1}", RpcException.INVALID_REQUEST, 1);
        assertError("{\"method\":\"add\",\"id\":2}", RpcException.INVALID_REQUEST, 2);
        assertError("{\"jsonrpc\":2.0,\"method\":\"add\",\"id\":3}", RpcException.INVALID_REQUEST, 3);
        assertError("{\"jsonrpc\":\"2.0\",\"id\":4}", RpcException.INVALID_REQUEST, 4);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":5,\"id\":5}", RpcException.INVALID_REQUEST, 5);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":null,\"id\":6}", RpcException.INVALID_REQUEST,
                6);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"id\":{\"a\":1}}", RpcException.INVALID_REQUEST, null);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"id\":[1]}", RpcException.INVALID_REQUEST, null);
        assertError("\"add\"", RpcException.INVALID_REQUEST, null);
        assertError("42", RpcException.INVALID_REQUEST, null);
    }

    @Test
    void unknownMethodsAreNotFoundButUnknownNotificationsAreSilent() {
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"nope\",\"id\":1}", RpcException.METHOD_NOT_FOUND, 1);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"rpc.discover\",\"id\":2}", RpcException.METHOD_NOT_FOUND, 2);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}")).isNull();
    }

    @Test
    void badParamsAreInvalidParamsWithAReason() {
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1],\"id\":1}", RpcException.INVALID_PARAMS, 1);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2,3],\"id\":2}", RpcException.INVALID_PARAMS,
                2);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,\"2\"],\"id\":3}",
                RpcException.INVALID_PARAMS, 3);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":[1,2.5],\"id\":4}", RpcException.INVALID_PARAMS,
                4);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1},\"id\":5}",
                RpcException.INVALID_PARAMS, 5);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1,\"b\":2,\"c\":3},\"id\":6}",
                RpcException.INVALID_PARAMS, 6);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"stock\",\"params\":[\"pear\",null],\"id\":7}",
                RpcException.INVALID_PARAMS, 7);
        var response = tree(call("{\"jsonrpc\":\"2.0\",\"method\":\"add\",\"params\":{\"a\":1},\"id\":8}"));
        assertThat(response.path("error").path("message").asText()).isEqualTo("Invalid params");
        assertThat(response.path("error").path("data").asText()).isEqualTo("add: missing param 'b'");
    }

    @Test
    void namedParamsNeedKnownParameterNames() {
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"unnamed\",\"params\":[\"x\"],\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"result\":\"x\",\"id\":1}");
        var response = tree(call("{\"jsonrpc\":\"2.0\",\"method\":\"unnamed\",\"params\":{\"a\":\"x\"},\"id\":2}"));
        assertThat(response.path("error").path("code").asInt()).isEqualTo(RpcException.INVALID_PARAMS);
        assertThat(response.path("error").path("data").asText()).contains("@RpcParam", "-parameters");
    }

    @Test
    void paramsAndResultsAreConvertedWithJackson() {
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"stock\",\"params\":{\"count\":3,\"name\":\"pear\"},\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"result\":{\"name\":\"pear\",\"count\":3},\"id\":1}");
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"total\",\"params\":[[{\"name\":\"a\",\"count\":2},"
                + "{\"name\":\"b\",\"count\":5}]],\"id\":2}", "{\"jsonrpc\":\"2.0\",\"result\":7,\"id\":2}");
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"total\",\"params\":[[{\"name\":\"a\",\"count\":\"many\"}]],"
                + "\"id\":3}", RpcException.INVALID_PARAMS, 3);
    }

    @Test
    void aMethodThatThrowsIsAnInternalErrorAndIsReported() {
        var response = tree(call("{\"jsonrpc\":\"2.0\",\"method\":\"boom\",\"id\":1}"));
        assertThat(response.path("error").path("code").asInt()).isEqualTo(RpcException.INTERNAL_ERROR);
        assertThat(response.path("error").path("data").asText()).isEqualTo("IllegalStateException: the shelf fell");
        assertThat(reported).singleElement().satisfies(r -> assertThat(r.exception())
                .isInstanceOf(IllegalStateException.class));
    }

    @Test
    void anRpcExceptionIsAnsweredAsThrown() {
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"outOfStock\",\"id\":1}", "{\"jsonrpc\":\"2.0\",\"error\":"
                + "{\"code\":-32001,\"message\":\"out of stock\",\"data\":\"apples\"},\"id\":1}");
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"fail\",\"params\":[-32099,\"x\"],\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32099,\"message\":\"x\"},\"id\":2}");
        assertThat(reported).isEmpty();
        assertThatThrownBy(() -> RpcException.serverError(-31999, "x", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void methodsRunAsCoroutinesAndReturnedFuturesAreAwaited() {
        var response = service.dispatch(loop, "{\"jsonrpc\":\"2.0\",\"method\":\"later\",\"id\":1}".getBytes());
        loop.advance(Duration.ofSeconds(4));
        assertThat(response.isDone()).isFalse();
        loop.advance(Duration.ofSeconds(1));
        assertSameJson(new String(response.result()), "{\"jsonrpc\":\"2.0\",\"result\":\"done\",\"id\":1}");
        assertAnswer("{\"jsonrpc\":\"2.0\",\"method\":\"future\",\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"result\":42,\"id\":2}");
    }

    @Test
    void batchCallsRunConcurrentlyAndAnswerInRequestOrder() {
        var response = service.dispatch(loop, ("[{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":[3000],\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":[1000],\"id\":2},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":{\"ms\":2000},\"id\":3}]").getBytes());
        loop.advance(Duration.ofMillis(3000));
        assertThat(response.isDone()).as("three sleeps in 3 s, not 6").isTrue();
        assertThat(tree(new String(response.result()))).isEqualTo(tree(
                "[{\"jsonrpc\":\"2.0\",\"result\":3000,\"id\":1},"
                + "{\"jsonrpc\":\"2.0\",\"result\":1000,\"id\":2},{\"jsonrpc\":\"2.0\",\"result\":2000,\"id\":3}]"));
    }

    @Test
    void reservedNamesCannotBeRegistered() {
        assertThatThrownBy(() -> RpcService.builder().method("rpc.x", p -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RpcService.of(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no public method annotated @RpcMethod");
    }

    @Test
    void servicesAreFoundByNameOrClass() {
        assertThat(RpcService.forName("demo", getClass().getClassLoader()).methodNames())
                .contains("subtract", "sum", "get_data", "echo", "sleep", "add");
        assertThat(RpcService.forName(Shop.class.getName(), getClass().getClassLoader()).methodNames())
                .containsExactlyInAnyOrder("stock", "total", "unnamed");
        assertThatThrownBy(() -> RpcService.forName("com.example.Missing", getClass().getClassLoader()))
                .hasMessage("RPC service class com.example.Missing not found on the classpath");
    }

    @Test
    void everyKindOfJsonValueSurvivesTheRoundTrip() {
        String value = "{\"big\":123456789012345678901234567890,\"long\":9007199254740993,\"neg\":-1,"
                + "\"float\":-1.5e-7,\"s\":\"tab\\t \\u00e9 \\ud83d\\ude00 \\\"q\\\"\",\"t\":true,\"f\":false,"
                + "\"n\":null,\"a\":[[],{},[1,[2,[3]]]],\"dup\":1,\"dup\":2}";
        var response = tree(call("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[" + value + "],\"id\":1}"));
        var expected = tree(value);
        assertThat(response.get("result")).isEqualTo(expected);
        assertThat(response.get("result").get("dup").asInt()).as("the last duplicate wins").isEqualTo(2);
    }

    @Test
    void nestingDeeperThanAThousandIsAParseError() {
        String deep = "[".repeat(1500) + "]".repeat(1500);
        assertError("{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[" + deep + "],\"id\":1}",
                RpcException.PARSE_ERROR, null);
    }

    @Test
    void aCallCancelledBeforeItStartsAnswersRequestCancelledWithoutRunning() {
        assertAnswer("[{\"jsonrpc\":\"2.0\",\"method\":\"boom\",\"id\":1},"
                        + "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":1}}]",
                "[{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32800,\"message\":\"Request cancelled\"},\"id\":1}]");
        assertThat(reported).as("boom never ran").isEmpty();
    }

    @Test
    void anHttpHandlerCoroutineDispatchesOnItsOwnLoopAndGetsNullForNotifications() {
        var answers = loop.runUntilComplete(loop.createTask(() -> {
            byte[] call = service.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"sleep\",\"params\":[10],\"id\":1}"
                    .getBytes()).await();
            byte[] notification = service.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"update\"}".getBytes())
                    .await();
            return new String(call) + " " + notification;
        }));
        assertThat(answers).isEqualTo("{\"jsonrpc\":\"2.0\",\"result\":10,\"id\":1} null");
    }
}
