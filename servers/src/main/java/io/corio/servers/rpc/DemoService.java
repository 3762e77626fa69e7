package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.corio.loop.Async;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The service {@code bin/corio rpc} serves by default ({@code service: demo}): the methods that the examples of
 * section 7 of the JSON-RPC 2.0 specification call ({@code subtract}, {@code update}, {@code sum},
 * {@code notify_hello}, {@code get_data}, {@code notify_sum}; {@code foobar} is deliberately missing), and a few
 * handy ones for trying a client ({@code echo}, {@code add}, {@code sleep}, {@code fail}).
 * Also a readable example of {@link RpcMethod} and {@link RpcParam}.
 */
public final class DemoService {
    private final AtomicLong notifications = new AtomicLong(); // one service may serve several loops

    /** {@code [42, 23]} or {@code {"minuend": 42, "subtrahend": 23}} → {@code 19}. */
    @RpcMethod("subtract")
    public Number subtract(@RpcParam("minuend") Number minuend, @RpcParam("subtrahend") Number subtrahend) {
        number(minuend, "minuend");
        number(subtrahend, "subtrahend");
        if (integral(minuend) && integral(subtrahend)) {
            return exact(() -> Math.subtractExact(minuend.longValue(), subtrahend.longValue()));
        }
        return minuend.doubleValue() - subtrahend.doubleValue();
    }

    /** Any number of numbers → their sum: {@code [1, 2, 4]} → {@code 7}. */
    @RpcMethod("sum")
    public Number sum(@RpcParam("values") Number... values) {
        long total = 0;
        double fraction = 0;
        boolean integral = true;
        for (Number n : values) {
            number(n, "every value");
            if (integral(n)) {
                long sum = total;
                total = exact(() -> Math.addExact(sum, n.longValue()));
            } else {
                integral = false;
                fraction += n.doubleValue();
            }
        }
        if (integral) {
            return total;
        }
        return total + fraction;
    }

    /** {@code [a, b]} or {@code {"a": .., "b": ..}}, integers → {@code a + b}. */
    @RpcMethod("add")
    public long add(@RpcParam("a") long a, @RpcParam("b") long b) {
        return exact(() -> Math.addExact(a, b));
    }

    /** Returns its one param unchanged: {@code ["hi"]} or {@code {"value": "hi"}} → {@code "hi"}. */
    @RpcMethod("echo")
    public JsonNode echo(@RpcParam("value") JsonNode value) {
        return value;
    }

    /** Awaits {@code ms} milliseconds (0..600000) without blocking the loop, then returns {@code ms}. */
    @RpcMethod("sleep")
    public long sleep(@RpcParam("ms") long ms) {
        if (ms < 0 || ms > 600_000) {
            throw RpcException.invalidParams("ms must be 0..600000, got " + ms);
        }
        Async.sleep(Duration.ofMillis(ms));
        return ms;
    }

    /** Answers with the error given: {@code [-32001, "out of stock"]} (any code). */
    @RpcMethod("fail")
    public Object fail(@RpcParam("code") int code, @RpcParam("message") String message) {
        throw new RpcException(code, message);
    }

    /** {@code ["hello", 5]}. */
    @RpcMethod("get_data")
    public List<Object> getData() {
        return List.of("hello", 5);
    }

    /** A notification in the specification's examples: counts, answers nothing worth reading. */
    @RpcMethod("update")
    public void update(@RpcParam("values") Number... values) {
        notifications.incrementAndGet();
    }

    @RpcMethod("notify_hello")
    public void notifyHello(@RpcParam("value") Number value) {
        notifications.incrementAndGet();
    }

    @RpcMethod("notify_sum")
    public void notifySum(@RpcParam("values") Number... values) {
        notifications.incrementAndGet();
    }

    /** How many of {@code update}, {@code notify_hello}, {@code notify_sum} ran (for tests). */
    public long notifications() {
        return notifications.get();
    }

    /** A null where a number is needed is the caller's mistake (-32602), not the server's (-32603). */
    private static void number(Number n, String what) {
        if (n == null) {
            throw RpcException.invalidParams(what + " must be a number, got null");
        }
    }

    private static long exact(LongSupplier integerArithmetic) {
        try {
            return integerArithmetic.getAsLong();
        } catch (ArithmeticException e) {
            throw RpcException.invalidParams("the result does not fit in a 64-bit integer");
        }
    }

    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
}
