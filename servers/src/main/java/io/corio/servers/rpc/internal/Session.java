package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.corio.loop.EventLoop;
import io.corio.loop.TimerHandle;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the {@link Dispatcher} sends answers and accounts for calls: one per connection (or per HTTP request).
 * Loop thread only. Subclasses say how a response buffer is framed and sent, and what a started or finished call
 * means to them (in-flight limits, drain).
 */
public abstract class Session {
    protected final EventLoop loop;
    private final Framing framing;
    private final ByteBufAllocator allocator;
    private final Duration callTimeout;
    private final Set<Call> active = new HashSet<>();

    /**
     * @param framing     how responses are framed; null for none (HTTP bodies)
     * @param callTimeout longest run of one call, zero for none
     */
    protected Session(EventLoop loop, Framing framing, ByteBufAllocator allocator, Duration callTimeout) {
        this.loop = loop;
        this.framing = framing;
        this.allocator = allocator;
        this.callTimeout = callTimeout;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Sends one framed response; owns {@code response}. */
    protected abstract void send(ByteBuf response);

    /** A call was admitted (before its task runs). */
    protected void callStarted(Call call) {
    }

    /** A call finished, after its answer (if any) was sent. */
    protected void callFinished(Call call) {
    }

    /** Calls running now. */
    public int activeCalls() {
        return active.size();
    }

    final void start(Call call, String method) {
        active.add(call);
        callStarted(call);
        call.task = loop.createTask(call, method);
        if (!callTimeout.isZero()) {
            long millis = callTimeout.toMillis();
            TimerHandle timer = loop.callLater(callTimeout, () -> call.cancel(new RpcException(
                    RpcException.INTERNAL_ERROR, "Call timed out",
                    Json.MAPPER.createObjectNode().put("timeoutMillis", millis))));
            call.timer = timer;
        }
    }

    final void finished(Call call) {
        active.remove(call);
        callFinished(call);
    }

    /**
     * Cancels the running calls whose id equals {@code id} (a {@code $/cancelRequest}); they answer -32800.
     * Returns how many were cancelled.
     */
    public int cancelRequest(JsonNode id) {
        if (id == null || id.isNull()) {
            return 0;
        }
        int n = 0;
        for (Call call : new ArrayList<>(active)) {
            if (id.equals(call.id) || sameNumber(id, call.id)) {
                call.cancel(new RpcException(RpcException.REQUEST_CANCELLED, "Request cancelled"));
                n++;
            }
        }
        return n;
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        return b != null && a.isIntegralNumber() && b.isIntegralNumber() && a.bigIntegerValue().equals(
                b.bigIntegerValue());
    }

    /** Cancels every running call with {@code cause} (the connection is gone: answers are dropped). */
    public void cancelAll(RpcException cause) {
        for (Call call : new ArrayList<>(active)) {
            call.cancel(cause);
        }
    }

    /** Sends a response that is only an error, outside any call (parse errors, invalid requests). */
    final void sendError(RpcException error, JsonNode id) {
        ByteBuf buf = Json.begin(framing, allocator);
        try (var g = Json.generator(buf)) {
            Json.writeError(g, error, id);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("cannot write an error response", e);
        }
        send(Json.end(framing, buf));
    }

    /** Sends {@code {"jsonrpc":"2.0","result":result,"id":id}}, or -32603 if the result cannot be serialised. */
    final void sendResult(Object result, JsonNode id) {
        ByteBuf buf = Json.begin(framing, allocator);
        try (var g = Json.generator(buf)) {
            Json.writeResult(g, result, id);
        } catch (IOException | RuntimeException e) {
            buf.release();
            sendError(Call.internalError("result cannot be serialised", e), id);
            return;
        }
        send(Json.end(framing, buf));
    }

    /** Sends a batch's responses as one array. */
    final void sendArray(JsonNode array) {
        ByteBuf buf = Json.begin(framing, allocator);
        try (var g = Json.generator(buf)) {
            g.writeTree(array);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("cannot write a batch response", e);
        }
        send(Json.end(framing, buf));
    }
}
