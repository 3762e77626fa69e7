package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the JSON-RPC code, and the few ways it reads and writes messages. Jackson's buffer
 * recycling is per thread by default, which a coroutine per call (a new virtual thread each) would defeat, so the
 * mapper's factory shares one concurrent pool. Messages are parsed straight from the frame's {@code ByteBuf} and
 * written straight into the outgoing buffer, framing included: no intermediate byte arrays.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private Json() {
    }

    /**
     * Parses one JSON value from {@code frame}'s readable bytes (indexes unchanged); MissingNode when empty.
     * Trailing tokens after the value are an error.
     */
    public static JsonNode read(ByteBuf frame) throws IOException {
        JsonFactory factory = MAPPER.getFactory();
        try (JsonParser p = frame.hasArray()
                ? factory.createParser(frame.array(), frame.arrayOffset() + frame.readerIndex(), frame.readableBytes())
                : factory.createParser((InputStream) new ByteBufInputStream(frame.duplicate()))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode value = value(p, first);
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "trailing content after the JSON value");
            }
            return value;
        }
    }

    /**
     * Builds the tree of the value starting at {@code token} with the streaming parser alone: databind's
     * {@code readTree} costs a deserialization context per message. Nesting depth is bounded by the parser's
     * StreamReadConstraints (1000).
     */
    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        JsonNodeFactory nodes = MAPPER.getNodeFactory();
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    object.set(name, value(p, p.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> nodes.numberNode(p.getIntValue());
                case LONG -> nodes.numberNode(p.getLongValue());
                default -> nodes.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.instance;
            default -> throw new JsonParseException(p, "unexpected token " + token);
        };
    }

    /** Writes an id (or any value) without databind for the scalar cases. */
    public static void writeNode(JsonGenerator g, JsonNode node) throws IOException {
        if (node == null || node.isNull()) {
            g.writeNull();
        } else if (node.isTextual()) {
            g.writeString(node.textValue());
        } else if (node.isInt() || node.isLong()) {
            g.writeNumber(node.longValue());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else {
            g.writeTree(node);
        }
    }

    /** A buffer for one message, with the length prefix reserved ({@code framing} null: no framing). */
    public static ByteBuf begin(Framing framing, ByteBufAllocator allocator) {
        ByteBuf buf = framing == null ? allocator.heapBuffer(256) : allocator.buffer(256);
        if (framing == Framing.LENGTH) {
            buf.writeInt(0);
        }
        return buf;
    }

    /** Completes the framing of a buffer from {@link #begin}. */
    public static ByteBuf end(Framing framing, ByteBuf buf) {
        if (framing == Framing.LENGTH) {
            buf.setInt(buf.readerIndex(), buf.readableBytes() - 4);
        } else if (framing == Framing.NEWLINE) {
            buf.writeByte('\n');
        }
        return buf;
    }

    /** A generator appending to {@code buf}; close it before using the buffer. */
    public static JsonGenerator generator(ByteBuf buf) {
        try {
            return MAPPER.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code {"jsonrpc":"2.0","result":...,"id":...}}. */
    public static void writeResult(JsonGenerator g, Object result, JsonNode id) throws IOException {
        g.writeStartObject();
        g.writeStringField("jsonrpc", "2.0");
        g.writeFieldName("result");
        switch (result) {
            case null -> g.writeNull();
            case JsonNode node -> writeNode(g, node);
            case String s -> g.writeString(s);
            case Long n -> g.writeNumber(n);
            case Integer n -> g.writeNumber(n);
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeObject(result); // databind
        }
        g.writeFieldName("id");
        writeNode(g, id);
        g.writeEndObject();
    }

    /** Writes {@code {"jsonrpc":"2.0","error":{"code":..,"message":..,"data":..},"id":...}}. */
    public static void writeError(JsonGenerator g, RpcException error, JsonNode id) throws IOException {
        g.writeStartObject();
        g.writeStringField("jsonrpc", "2.0");
        g.writeObjectFieldStart("error");
        g.writeNumberField("code", error.code());
        g.writeStringField("message", error.getMessage());
        if (error.data() != null) {
            g.writeFieldName("data");
            g.writeTree(error.data());
        }
        g.writeEndObject();
        g.writeFieldName("id");
        writeNode(g, id);
        g.writeEndObject();
    }
}
