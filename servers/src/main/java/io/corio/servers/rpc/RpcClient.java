package io.corio.servers.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.FrameDecoder;
import io.corio.protocols.FrameEncoder;
import io.corio.protocols.FramedProtocol;
import io.corio.protocols.LengthPrefixedCodec;
import io.corio.protocols.LineCodec;
import io.corio.servers.rpc.internal.ClientConnection;
import io.corio.servers.rpc.internal.Json;
import io.corio.transports.Network;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A JSON-RPC 2.0 client over one connection (TCP, Unix or TLS), which it multiplexes: any number of calls may be
 * pending at once; each gets its own id and its response is routed back by id, in whatever order the server
 * answers.
 * <pre>{@code
 * RpcClient client = RpcClient.connect(loop, "127.0.0.1", 7002, RpcClientOptions.DEFAULTS).await();
 * long sum = client.call("add", List.of(2, 3), Long.class).await();        // 5
 * client.notify("update", List.of(1, 2, 3));
 * client.close();
 * }</pre>
 *
 * <p>Every method is loop-confined (call it on the client's loop thread, from a coroutine or callback). A call's
 * future fails with {@link RpcException} when the server answers with an error, with
 * {@code io.corio.loop.TimeoutException} after its timeout (the server is then sent a {@code $/cancelRequest}
 * notification, as it is when the caller cancels the future), and with {@code BrokenResourceException} when the
 * connection is lost ({@code ClosedResourceException} after {@link #close()}). Methods called after the connection
 * ended throw that same exception.
 */
public final class RpcClient {
    private final EventLoop loop;
    private final RpcClientOptions options;
    private final ClientConnection connection;

    private RpcClient(EventLoop loop, RpcClientOptions options, ClientConnection connection) {
        this.loop = loop;
        this.options = options;
        this.connection = connection;
    }

    /** Connects over TCP (TLS when {@code options.connect().tls()} is set). */
    public static Future<RpcClient> connect(EventLoop loop, String host, int port, RpcClientOptions options) {
        var connection = new ClientConnection(loop, options.framing(), host + ":" + port);
        return opened(loop, options, connection,
                Network.createConnection(loop, protocol(options, connection), host, port, options.connect()));
    }

    /** Connects to a Unix socket. */
    public static Future<RpcClient> connectUnix(EventLoop loop, Path path, RpcClientOptions options) {
        var connection = new ClientConnection(loop, options.framing(), "unix:" + path);
        return opened(loop, options, connection,
                Network.createUnixConnection(loop, protocol(options, connection), path, options.connect()));
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Protocol> protocol(RpcClientOptions options, ClientConnection connection) {
        return () -> {
            FrameDecoder<ByteBuf> codec = options.framing() == Framing.LENGTH
                    ? new LengthPrefixedCodec(options.frameLength()) : new LineCodec(options.frameLength());
            return new FramedProtocol<>(codec, (FrameEncoder<ByteBuf>) codec, connection);
        };
    }

    private static Future<RpcClient> opened(EventLoop loop, RpcClientOptions options, ClientConnection connection,
                                            Future<Transport> connecting) {
        Future<RpcClient> client = loop.createFuture();
        connecting.addDoneCallback(f -> {
            if (client.isDone()) {
                if (!f.isCancelled() && f.exception() == null) {
                    f.result().abort();
                }
            } else if (f.isCancelled()) {
                client.cancel();
            } else if (f.exception() != null) {
                client.setException(f.exception());
            } else {
                client.setResult(new RpcClient(loop, options, connection));
            }
        });
        client.addDoneCallback(c -> {
            if (c.isCancelled() && !connecting.isDone()) {
                connecting.cancel();
            }
        });
        return client;
    }

    /**
     * Calls {@code method} with the client's default timeout.
     *
     * @param params an array or object: a {@code List}, Java array, {@code Map}, record, bean or {@code JsonNode}
     *               (serialised with Jackson), or null for none
     * @return the result as JSON ({@code NullNode} for null)
     * @throws IllegalArgumentException if {@code params} is a scalar or cannot be serialised
     */
    public Future<JsonNode> call(String method, Object params) {
        return connection.call(method, params, options.callTimeout());
    }

    /** {@link #call(String, Object)} with its own timeout (zero: none). */
    public Future<JsonNode> call(String method, Object params, Duration timeout) {
        return connection.call(method, params, timeout);
    }

    /** {@link #call(String, Object)}, the result converted to {@code type} with Jackson. */
    public <T> Future<T> call(String method, Object params, Class<T> type) {
        Future<JsonNode> json = call(method, params);
        Future<T> typed = loop.createFuture();
        json.addDoneCallback(f -> {
            if (typed.isDone()) {
                return;
            }
            if (f.isCancelled()) {
                typed.cancel();
            } else if (f.exception() != null) {
                typed.setException(f.exception());
            } else {
                try {
                    typed.setResult(Json.MAPPER.treeToValue(f.result(), type));
                } catch (Exception e) {
                    typed.setException(new IllegalArgumentException("the result of " + method + " is not a "
                            + type.getName() + ": " + f.result(), e));
                }
            }
        });
        typed.addDoneCallback(t -> {
            if (t.isCancelled()) {
                json.cancel();
            }
        });
        return typed;
    }

    /** Sends a notification (no id, no answer). */
    public void notify(String method, Object params) {
        connection.notify(method, params);
    }

    /** Starts a batch: add calls and notifications, then {@link Batch#send()} them as one message. */
    public Batch batch() {
        return new Batch();
    }

    /**
     * Sends {@code message} exactly as given (a request, a batch, anything) and completes with the next response
     * that answers none of this client's calls; with null at once when {@code expectAnswer} is false (a
     * notification or a batch of notifications). For debugging tools such as {@code corio call}.
     */
    public Future<JsonNode> exchange(JsonNode message, boolean expectAnswer) {
        return connection.exchange(message, expectAnswer);
    }

    /** Calls waiting for an answer. */
    public int pending() {
        return connection.pending();
    }

    /** Closes the connection (after sending what was written); pending calls fail. Idempotent. */
    public void close() {
        connection.close();
    }

    /** Completes when the connection is gone (closed by either side or lost). */
    public Future<Void> closed() {
        return connection.closed();
    }

    public EventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        return connection.toString();
    }

    /** Requests sent together as one JSON-RPC batch; each call still gets its own future. Loop thread only. */
    public final class Batch {
        private final ArrayNode requests = Json.MAPPER.createArrayNode();
        private final List<Runnable> onSend = new ArrayList<>();
        private boolean sent;

        private Batch() {
        }

        /** Adds a call; its future completes when the batch's answer arrives (see {@link RpcClient#call}). */
        public Future<JsonNode> call(String method, Object params) {
            check();
            return connection.add(requests, method, params, true, options.callTimeout(), onSend);
        }

        /** Adds a notification. */
        public Batch notify(String method, Object params) {
            check();
            connection.add(requests, method, params, false, null, onSend);
            return this;
        }

        /**
         * Sends the batch as one message.
         *
         * @throws IllegalArgumentException if it is empty
         */
        public void send() {
            check();
            connection.sendBatch(requests, onSend);
            sent = true;
        }

        private void check() {
            if (sent) {
                throw new IllegalStateException("this batch was already sent");
            }
        }
    }
}
