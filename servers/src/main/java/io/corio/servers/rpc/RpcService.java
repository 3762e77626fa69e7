package io.corio.servers.rpc;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.servers.rpc.internal.Dispatcher;
import io.corio.servers.rpc.internal.MethodBinder;
import io.corio.servers.rpc.internal.OneShotSession;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A set of JSON-RPC methods by name, and the dispatcher that serves them: immutable, shared by every connection
 * and loop. Build one from an annotated object ({@link #of(Object)}), from lambdas ({@link #builder()}), or both:
 * <pre>{@code
 * RpcService service = RpcService.builder()
 *         .methods(new Inventory())                                        // its @RpcMethod methods
 *         .method("add", params -> params.get(0).asLong() + params.get(1).asLong())
 *         .build();
 * }</pre>
 * Serve it with {@link RpcServer#service} over a stream transport, or with {@link #dispatch(byte[])} from an HTTP
 * POST handler.
 */
public final class RpcService {
    private final Map<String, RpcHandler> methods;
    private final Dispatcher dispatcher;

    private RpcService(Map<String, RpcHandler> methods) {
        this.methods = Map.copyOf(methods);
        this.dispatcher = new Dispatcher(this.methods::get);
    }

    /** A service of the {@link RpcMethod} methods of {@code target}. */
    public static RpcService of(Object target) {
        return builder().methods(target).build();
    }

    /** The demo service ({@link DemoService}): section 7 of the specification, plus echo, add, sleep and fail. */
    public static RpcService demo() {
        return of(new DemoService());
    }

    /**
     * The service a listener names ({@code ProtocolOptions.Rpc.service}): {@code demo}, or the fully qualified name
     * of a class with a public no-argument constructor and {@link RpcMethod} methods, loaded from {@code loader}.
     *
     * @throws IllegalArgumentException naming the class and what is wrong with it
     */
    public static RpcService forName(String name, ClassLoader loader) {
        if (name.equals("demo")) {
            return demo();
        }
        Object target;
        try {
            target = Class.forName(name, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("RPC service class " + name + " not found on the classpath", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("RPC service class " + name + " has no public no-argument constructor",
                    e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("RPC service class " + name + ": its constructor threw "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("RPC service class " + name + " cannot be created: " + e, e);
        }
        return of(target);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The method names served. */
    public Set<String> methodNames() {
        return methods.keySet();
    }

    /** The handler of {@code method}, or null. */
    public RpcHandler handler(String method) {
        return methods.get(method);
    }

    /** The transport-independent message handler (for {@link RpcServer} and adapters in this module). */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Handles one JSON-RPC message (a request or a batch, as an HTTP POST body carries it) on the running loop and
     * completes with the response body, or with {@code null} when there is none (notifications: answer HTTP 204).
     * Calls run as coroutines; the future completes when the last one has answered (at once for a notification).
     * Call it on a loop thread (a handler coroutine or callback).
     */
    public Future<byte[]> dispatch(byte[] body) {
        return dispatch(Async.runningLoop(), body);
    }

    /** {@link #dispatch(byte[])} on {@code loop}; call on that loop's thread. */
    public Future<byte[]> dispatch(EventLoop loop, byte[] body) {
        return OneShotSession.dispatch(loop, dispatcher, body);
    }

    @Override
    public String toString() {
        return "RpcService" + methods.keySet();
    }

    /** Collects methods; later registrations of a name replace earlier ones. */
    public static final class Builder {
        private final Map<String, RpcHandler> methods = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds {@code handler} as {@code name}. */
        public Builder method(String name, RpcHandler handler) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(handler, "handler");
            if (name.startsWith("rpc.") || name.equals(Dispatcher.CANCEL_METHOD)) {
                throw new IllegalArgumentException("method names starting with 'rpc.' and " + Dispatcher.CANCEL_METHOD
                        + " are reserved, got " + name);
            }
            methods.put(name, handler);
            return this;
        }

        /** Adds every {@link RpcMethod} method of {@code target}. */
        public Builder methods(Object target) {
            MethodBinder.bind(target).forEach(this::method);
            return this;
        }

        public RpcService build() {
            return new RpcService(methods);
        }
    }
}
