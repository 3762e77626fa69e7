package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corio.loop.Async;
import io.corio.loop.CancelledException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.ErrorContext;
import io.corio.loop.Future;
import io.corio.loop.Task;
import io.corio.loop.TimerHandle;
import io.corio.servers.rpc.RpcException;
import io.corio.servers.rpc.RpcHandler;

import java.util.concurrent.Callable;

/**
 * One admitted request (call or notification) and the body of its coroutine: run the handler, await a returned
 * future, answer. Cancellation (a {@code $/cancelRequest}, the call timeout, a lost connection) records the error
 * to answer with, then cancels the task once it runs; a call cancelled before its first step answers without
 * running the method.
 */
public final class Call implements Callable<Void> {
    final Session session;
    final RpcHandler handler;
    final JsonNode params;
    final JsonNode id;          // null for a notification
    final String method;
    final Batch batch;          // null unless part of a batch
    final int slot;
    Task<Void> task;
    TimerHandle timer;
    private RpcException cancelCause;
    private boolean started;
    private boolean done;

    Call(Session session, String method, RpcHandler handler, JsonNode params, JsonNode id, Batch batch, int slot) {
        this.session = session;
        this.method = method;
        this.handler = handler;
        this.params = params;
        this.id = id;
        this.batch = batch;
        this.slot = slot;
    }

    /** The request id, null for a notification. */
    public JsonNode id() {
        return id;
    }

    public String method() {
        return method;
    }

    void cancel(RpcException cause) {
        if (done || cancelCause != null) {
            return;
        }
        cancelCause = cause;
        if (started) {
            task.cancel(cause.getMessage());
        }
    }

    @Override
    public Void call() {
        started = true;
        Object result = null;
        RpcException error = cancelCause;
        if (error == null) {
            try {
                result = handler.call(params);
                if (result instanceof Future<?> future) {
                    result = future.await();
                }
            } catch (RpcException e) {
                error = e;
            } catch (CancelledException e) {
                Async.currentTask().uncancel();
                error = cancelCause != null ? cancelCause : internalError("the call was cancelled", e);
            } catch (Throwable e) {
                error = internalError(null, e);
                session.loop().callExceptionHandler(ErrorContext.of("JSON-RPC method '" + method + "' failed", e,
                        task));
            }
        }
        done = true;
        if (timer != null) {
            timer.cancel();
        }
        // Answer from a plain callback, on the loop's platform thread: thread-local caches (Netty's buffer pool)
        // would otherwise be set up anew for every call's virtual thread.
        Object answer = result;
        RpcException failure = error;
        try {
            session.loop().callSoon(() -> answer(answer, failure));
        } catch (ClosedResourceException loopClosing) {
            // the loop is closing: nobody is left to answer
        }
        return null;
    }

    private void answer(Object result, RpcException error) {
        try {
            if (id != null) {
                if (batch != null) {
                    batch.complete(slot, error != null ? Dispatcher.errorNode(error, id) : resultNode(result));
                } else if (error != null) {
                    session.sendError(error, id);
                } else {
                    session.sendResult(result, id);
                }
            }
        } finally {
            session.finished(this);
        }
    }

    private ObjectNode resultNode(Object result) {
        try {
            ObjectNode node = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
            node.set("result", Json.MAPPER.valueToTree(result));
            node.set("id", id);
            return node;
        } catch (RuntimeException e) {
            return Dispatcher.errorNode(internalError("result cannot be serialised", e), id);
        }
    }

    /** -32603 with the exception's type and message as data. */
    static RpcException internalError(String what, Throwable e) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return new RpcException(RpcException.INTERNAL_ERROR, "Internal error",
                Json.MAPPER.getNodeFactory().textNode(what != null ? what + ": " + detail : detail));
    }

    @Override
    public String toString() {
        return "Call[" + method + (id != null ? ", id=" + id : ", notification") + (started ? ", started" : "")
                + (cancelCause != null ? ", cancelled=" + cancelCause.code() : "") + (done ? ", done" : "") + "]";
    }
}
