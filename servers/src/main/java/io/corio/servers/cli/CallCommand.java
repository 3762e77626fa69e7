package io.corio.servers.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.TimeoutException;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcClient;
import io.corio.servers.rpc.RpcClientOptions;
import io.corio.servers.rpc.internal.Json;
import io.corio.transports.ConnectOptions;
import io.corio.transports.tls.TlsContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code corio call}: sends one JSON-RPC call (or notification, or a batch read from a file) to a server and prints
 * the response, pretty-printed. Exit code 0 for a result, 1 when the response (or any element of a batch response)
 * is an error, or when the server cannot be reached or does not answer in time.
 */
@Command(name = "call", sortOptions = false,
        header = "Send a JSON-RPC call (or a batch) to a server and print the response.",
        description = {"Connect to a JSON-RPC server (TCP, Unix socket or TLS), send METHOD with PARAMS_JSON (an "
                + "array or an object) as a call with id 1, or the batch in FILE exactly as written, and print the "
                + "response as indented JSON. The exit code is 1 when the response is an error, or when any "
                + "element of a batch response is one."})
final class CallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Server TCP port.")
    Integer port;

    @Option(names = "--path", paramLabel = "SOCKET", description = "Server Unix socket path (instead of --port).")
    Path path;

    @Option(names = "--tls", description = "Connect with TLS (server certificate verified against --cacert, "
            + "else the JDK's trusted CAs).")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "PEM file of the CA (or self-signed certificate) to trust; implies --tls.")
    Path cacert;

    @Option(names = "--framing", paramLabel = "length|newline", defaultValue = "length",
            description = "Message framing: 4-byte length prefix or one JSON per line (default: ${DEFAULT-VALUE}).")
    String framing;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Give up when connecting and answering take longer: 500ms, 10s, 2m (default: "
                    + "${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--notify", description = "Send METHOD as a notification (no id): nothing is printed.")
    boolean notification;

    @Option(names = "--batch", paramLabel = "FILE", description = "Send the JSON in FILE (a batch array, or any "
            + "message) as it is, instead of METHOD.")
    Path batch;

    @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", description = "The method to call.")
    String method;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PARAMS_JSON",
            description = "The params: a JSON array (by position) or object (by name), e.g. '[42, 23]'.")
    String params;

    @Override
    public Integer call() {
        Framing framing = framing();
        Duration limit = duration(timeout);
        JsonNode message = message();
        boolean expectAnswer = expectsAnswer(message);
        String target = path != null ? "unix:" + path : host + ":" + port;
        RpcClientOptions options = RpcClientOptions.DEFAULTS.withFraming(framing)
                .withConnect(connectOptions(limit));
        JsonNode response;
        try {
            response = EventLoop.run(() -> {
                RpcClient client = (path != null ? RpcClient.connectUnix(Async.runningLoop(), path, options)
                        : RpcClient.connect(Async.runningLoop(), host, port, options)).await();
                try {
                    return Async.timeout(limit, () -> client.exchange(message, expectAnswer).await());
                } finally {
                    client.close();
                }
            });
        } catch (Exception e) { // EventLoop.run rethrows what the coroutine threw, checked or not
            throw failure(e, target);
        }
        if (response == null) {
            return ExitCodes.OK;
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response));
        } catch (JsonProcessingException e) {
            throw CommandFailure.failed("cannot print the response: " + e.getMessage(), e);
        }
        out.flush();
        int errors = errors(response);
        if (errors > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.qualifiedName() + ": the response " + (response.isArray() ? "has " + errors
                    + " error" + (errors == 1 ? "" : "s") : "is an error"));
            err.flush();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private RuntimeException failure(Exception e, String target) {
        if (e instanceof TimeoutException) {
            return CommandFailure.failed("no answer from " + target + " within " + timeout, e);
        }
        if (e instanceof IOException) {
            return CommandFailure.failed("cannot reach " + target + ": " + e.getMessage(), e);
        }
        if (Errors.missingJvmFlag(e) && e instanceof RuntimeException runtime) {
            return runtime;
        }
        return CommandFailure.failed("call to " + target + " failed: " + e.getMessage(), e);
    }

    private Framing framing() {
        try {
            return Framing.parse(framing);
        } catch (IllegalArgumentException e) {
            throw usage("--framing must be length or newline, got '" + framing + "'");
        }
    }

    /** The message to send, checked: usage errors for a missing target, method or malformed JSON. */
    private JsonNode message() {
        if ((port == null) == (path == null)) {
            throw usage(port == null ? "give the server's --port PORT or --path SOCKET"
                    : "give either --port or --path, not both");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw usage("--port must be 1..65535, got " + port);
        }
        if (batch != null) {
            if (method != null) {
                throw usage("give either METHOD or --batch FILE, not both");
            }
            String text;
            try {
                text = Files.readString(batch);
            } catch (IOException e) {
                throw CommandFailure.failed("cannot read " + batch + ": " + e.getMessage(), e);
            }
            return parse(text, batch.toString());
        }
        if (method == null) {
            throw usage("give the METHOD to call (or --batch FILE)");
        }
        ObjectNode request = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            JsonNode json = parse(params, "PARAMS_JSON");
            if (!json.isArray() && !json.isObject()) {
                throw usage("PARAMS_JSON must be a JSON array or object, got " + json);
            }
            request.set("params", json);
        }
        if (!notification) {
            request.put("id", 1);
        }
        return request;
    }

    private JsonNode parse(String text, String what) {
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json == null || json.isMissingNode()) {
                throw usage(what + " is empty");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw usage(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** False for a notification and for a non-empty batch of valid-looking notifications: no answer comes. */
    private static boolean expectsAnswer(JsonNode message) {
        if (message.isObject()) {
            return !isNotification(message);
        }
        if (message.isArray() && !message.isEmpty()) {
            for (JsonNode element : message) {
                if (!isNotification(element)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean isNotification(JsonNode request) {
        return request.isObject() && !request.has("id") && request.path("method").isTextual()
                && request.path("jsonrpc").asText().equals("2.0")
                && (!request.has("params") || request.get("params").isArray() || request.get("params").isObject());
    }

    private static int errors(JsonNode response) {
        if (response.isArray()) {
            int n = 0;
            for (JsonNode element : response) {
                n += element.has("error") ? 1 : 0;
            }
            return n;
        }
        return response.has("error") ? 1 : 0;
    }

    private ConnectOptions connectOptions(Duration limit) {
        ConnectOptions connect = ConnectOptions.DEFAULTS.withConnectTimeout(limit);
        if (tls || cacert != null) {
            try {
                var builder = TlsContext.client();
                if (cacert != null) {
                    builder.trust(cacert);
                }
                connect = connect.withTls(builder.build());
            } catch (IOException | RuntimeException e) {
                throw CommandFailure.failed("cannot set up TLS" + (cacert != null ? " with " + cacert : "") + ": "
                        + e.getMessage(), e);
            }
        }
        return connect;
    }

    private Duration duration(String text) {
        String t = text.strip();
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
            } else if (t.endsWith("m")) {
                d = Duration.ofSeconds(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 60));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            if (d.isNegative() || d.isZero()) {
                throw usage("--timeout must be > 0, got '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw usage("--timeout must be a duration such as 500ms, 10s or 2m, got '" + text + "'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
