package io.corio.servers.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A listener's {@code options:} block; its keys depend on {@code protocol}. Unknown keys are an error for the
 * built-in protocols and passed through for user classes.
 */
public sealed interface ProtocolOptions {
    /**
     * {@code protocol: echo}.
     *
     * @param streams serve with a StreamReader/StreamWriter coroutine per connection instead of the callback
     *     Protocol (default false)
     */
    record Echo(boolean streams) implements ProtocolOptions {
        public static final Echo DEFAULTS = new Echo(false);
    }

    /**
     * {@code protocol: http}.
     *
     * @param root directory served as static files, or {@code null}: then {@code GET /} answers
     *     {@code Hello, World!}
     * @param accessLog print one line per request (default true)
     * @param rpcPath path that accepts JSON-RPC over POST with the demo service, or {@code null} for none
     */
    record Http(Path root, boolean accessLog, String rpcPath) implements ProtocolOptions {
        public static final Http DEFAULTS = new Http(null, true, null);
    }

    /**
     * {@code protocol: rpc}.
     *
     * @param framing {@code length} (4-byte big-endian length prefix, default) or {@code newline}
     * @param service {@code demo} (the methods of JSON-RPC 2.0 section 7 plus a few more) or the fully qualified
     *     name of a class whose public methods annotated {@code @RpcMethod} are served
     */
    record Rpc(String framing, String service) implements ProtocolOptions {
        public static final Rpc DEFAULTS = new Rpc("length", "demo");

        public Rpc {
            Objects.requireNonNull(framing, "framing");
            Objects.requireNonNull(service, "service");
            if (!framing.equals("length") && !framing.equals("newline")) {
                throw new IllegalArgumentException("framing must be length or newline, got " + framing);
            }
        }
    }

    /**
     * A user class ({@code protocol: com.example.MyProtocol}); its options reach it as a map.
     *
     * @param settings the {@code options:} map as read (strings, numbers, booleans, lists, maps)
     */
    record Custom(Map<String, Object> settings) implements ProtocolOptions {
        public Custom {
            settings = Map.copyOf(settings);
        }
    }
}
