package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.TimeoutException;
import io.corio.loop.TimerHandle;
import io.corio.protocols.FrameHandler;
import io.corio.protocols.FramedProtocol;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcException;
import io.corio.transports.Buffers;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The client side of one JSON-RPC connection: numbers requests, remembers the pending ones by id, routes each
 * response (also inside a batch response) to its future, times calls out and tells the server with
 * {@code $/cancelRequest}, and fails everything pending when the connection goes. Loop thread only.
 */
public final class ClientConnection implements FrameHandler<ByteBuf> {
    private final EventLoop loop;
    private final Framing framing;
    private final String peer;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final ArrayDeque<Future<JsonNode>> raw = new ArrayDeque<>();
    private final Future<Void> closed;
    private Transport transport;
    private long nextId = 1;
    private RuntimeException closedError;
    private RpcException unmatchedError;

    private final class Pending {
        final long id;
        final Future<JsonNode> future;
        TimerHandle timer;

        Pending(long id) {
            this.id = id;
            this.future = loop.createFuture();
        }
    }

    public ClientConnection(EventLoop loop, Framing framing, String peer) {
        this.loop = loop;
        this.framing = framing;
        this.peer = peer;
        this.closed = loop.createFuture();
    }

    // ------------------------------------------------------------------------------------------ calling

    /** Sends a call; the future completes with its result, or fails (RpcException, timeout, connection lost). */
    public Future<JsonNode> call(String method, Object params, Duration timeout) {
        checkOpen();
        Pending p = new Pending(nextId++);
        ByteBuf buf = request(method, params, p.id);
        pending.put(p.id, p);
        watch(p, timeout);
        transport.write(buf);
        return p.future;
    }

    /** Sends a notification: nothing comes back. */
    public void notify(String method, Object params) {
        checkOpen();
        transport.write(request(method, params, 0));
    }

    /** A request object for a batch: its future when {@code call}, else null (a notification). */
    public Future<JsonNode> add(ArrayNode batch, String method, Object params, boolean call, Duration timeout,
                                Collection<Runnable> onSend) {
        checkOpen();
        ObjectNode request = batch.addObject().put("jsonrpc", "2.0").put("method", method);
        JsonNode json = params(params);
        if (json != null) {
            request.set("params", json);
        }
        if (!call) {
            return null;
        }
        Pending p = new Pending(nextId++);
        request.put("id", p.id);
        onSend.add(() -> {
            pending.put(p.id, p);
            watch(p, timeout);
        });
        return p.future;
    }

    /** Sends a batch built with {@link #add}; {@code onSend} registers its calls. */
    public void sendBatch(ArrayNode batch, Collection<Runnable> onSend) {
        checkOpen();
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one request");
        }
        ByteBuf buf = Json.begin(framing, Buffers.allocator());
        try (JsonGenerator g = Json.generator(buf)) {
            g.writeTree(batch);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalArgumentException("cannot serialise the batch: " + e.getMessage(), e);
        }
        onSend.forEach(Runnable::run);
        transport.write(Json.end(framing, buf));
    }

    /**
     * Sends {@code message} as it is (any JSON, a debugging aid) and completes with the next response that does not
     * answer a pending call, or with null at once when {@code expectAnswer} is false.
     */
    public Future<JsonNode> exchange(JsonNode message, boolean expectAnswer) {
        checkOpen();
        ByteBuf buf = Json.begin(framing, Buffers.allocator());
        try (JsonGenerator g = Json.generator(buf)) {
            g.writeTree(message);
        } catch (IOException e) {
            buf.release();
            throw new IllegalArgumentException(e);
        }
        Future<JsonNode> answer = loop.createFuture();
        if (expectAnswer) {
            raw.add(answer);
        } else {
            answer.setResult(null);
        }
        transport.write(Json.end(framing, buf));
        return answer;
    }

    private void watch(Pending p, Duration timeout) {
        if (timeout != null && !timeout.isZero()) {
            p.timer = loop.callLater(timeout, () -> {
                if (pending.remove(p.id) == p && !p.future.isDone()) {
                    p.future.setException(new TimeoutException("JSON-RPC call " + p.id + " to " + peer
                            + " timed out after " + timeout.toMillis() + " ms"));
                    sendCancel(p.id);
                }
            });
        }
        p.future.addDoneCallback(f -> {
            if (f.isCancelled() && pending.remove(p.id) == p) {
                if (p.timer != null) {
                    p.timer.cancel();
                }
                sendCancel(p.id);
            }
        });
    }

    private void sendCancel(long id) {
        if (closedError == null && !transport.isClosing()) {
            transport.write(request(Dispatcher.CANCEL_METHOD, Map.of("id", id), 0));
        }
    }

    /** One request in one framed buffer; {@code id} 0 for a notification. */
    private ByteBuf request(String method, Object params, long id) {
        ByteBuf buf = Json.begin(framing, Buffers.allocator());
        try (JsonGenerator g = Json.generator(buf)) {
            g.writeStartObject();
            g.writeStringField("jsonrpc", "2.0");
            g.writeStringField("method", method);
            if (params != null) {
                checkParams(params);
                g.writeFieldName("params");
                g.writeObject(params);
            }
            if (id != 0) {
                g.writeNumberField("id", id);
            }
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            buf.release();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("cannot serialise the params of " + method + ": " + e.getMessage(), e);
        }
        return Json.end(framing, buf);
    }

    private static JsonNode params(Object params) {
        if (params == null) {
            return null;
        }
        checkParams(params);
        return Json.MAPPER.valueToTree(params);
    }

    /** JSON-RPC params are an array or an object: refuse scalars before they reach the wire. */
    private static void checkParams(Object params) {
        boolean scalar = params instanceof JsonNode node ? !node.isArray() && !node.isObject()
                : params instanceof CharSequence || params instanceof Number || params instanceof Boolean
                || params instanceof Character || params instanceof Enum<?>;
        if (scalar) {
            throw new IllegalArgumentException("params must be an array or an object (a List, array, Map, record, "
                    + "bean or JsonNode), got " + params);
        }
    }

    private void checkOpen() {
        if (closedError != null) {
            throw closedError;
        }
        if (transport == null) {
            throw new IllegalStateException("not connected yet");
        }
    }

    // ------------------------------------------------------------------------------------------ receiving

    @Override
    public void connectionMade(FramedProtocol<ByteBuf> protocol) {
        this.transport = protocol.transport();
    }

    @Override
    public void frameReceived(ByteBuf frame) {
        JsonNode message;
        try {
            message = Json.read(frame);
        } catch (IOException e) {
            transport.close();
            closing(new BrokenResourceException("JSON-RPC server " + peer + " sent invalid JSON: "
                    + e.getMessage(), e));
            return;
        }
        boolean matched = false;
        if (message instanceof ObjectNode response) {
            matched = route(response);
        } else if (message instanceof ArrayNode responses) {
            for (JsonNode element : responses) {
                matched |= element instanceof ObjectNode response && route(response);
            }
        }
        if (!matched) {
            Future<JsonNode> waiter = raw.poll();
            if (waiter != null) {
                waiter.setResult(message);
            } else if (message.get("error") != null) {
                unmatchedError = error(message.get("error"));
            }
        }
    }

    private boolean route(ObjectNode response) {
        JsonNode id = response.get("id");
        if (id == null || !id.canConvertToLong() || !id.isIntegralNumber()) {
            return false;
        }
        Pending p = pending.remove(id.longValue());
        if (p == null) {
            return false;
        }
        if (p.timer != null) {
            p.timer.cancel();
        }
        if (!p.future.isDone()) {
            JsonNode error = response.get("error");
            if (error != null && !error.isNull()) {
                p.future.setException(error(error));
            } else {
                JsonNode result = response.get("result");
                p.future.setResult(result != null ? result : NullNode.instance);
            }
        }
        return true;
    }

    private static RpcException error(JsonNode error) {
        JsonNode data = error.get("data");
        return new RpcException(error.path("code").asInt(RpcException.INTERNAL_ERROR), error.path("message").asText(),
                data);
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (closedError == null) {
            RpcException e = unmatchedError;
            String why = e != null ? " after the error " + e.code() + " " + e.getMessage()
                    + (e.data() != null ? " (" + e.data().asText() + ")" : "") : cause != null ? ": " + cause : "";
            closing(new BrokenResourceException("JSON-RPC connection to " + peer + " lost" + why,
                    cause != null ? cause : unmatchedError));
        }
        for (Pending p : new ArrayList<>(pending.values())) {
            if (p.timer != null) {
                p.timer.cancel();
            }
            if (!p.future.isDone()) {
                p.future.setException(closedError);
            }
        }
        pending.clear();
        for (Future<JsonNode> waiter : raw) {
            if (!waiter.isDone()) {
                waiter.setException(closedError);
            }
        }
        raw.clear();
        if (!closed.isDone()) {
            closed.setResult(null);
        }
    }

    private void closing(RuntimeException error) {
        if (closedError == null) {
            closedError = error;
        }
    }

    /** Closes the connection; pending calls fail with {@link ClosedResourceException}. Idempotent. */
    public void close() {
        closing(new ClosedResourceException("JSON-RPC client to " + peer + " is closed"));
        if (transport != null) {
            transport.close();
        }
    }

    /** Completes when the connection is gone. */
    public Future<Void> closed() {
        return closed;
    }

    public int pending() {
        return pending.size();
    }

    public Transport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "RpcClient[" + peer + ", " + framing.key() + ", pending=" + pending.size()
                + (closedError != null ? ", closed" : "") + "]";
    }
}
