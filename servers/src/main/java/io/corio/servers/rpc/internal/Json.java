package io.corio.servers.rpc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.corio.servers.rpc.Framing;
import io.corio.servers.rpc.RpcException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
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

    /** Parses one JSON value from {@code frame}'s readable bytes (indexes unchanged); MissingNode when empty. */
    public static JsonNode read(ByteBuf frame) throws IOException {
        if (frame.hasArray()) {
            return MAPPER.readTree(frame.array(), frame.arrayOffset() + frame.readerIndex(), frame.readableBytes());
        }
        try (var in = new ByteBufInputStream(frame.duplicate())) {
            return MAPPER.readTree(in);
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
        g.writeObject(result);
        g.writeFieldName("id");
        g.writeTree(id);
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
        g.writeTree(id);
        g.writeEndObject();
    }
}
