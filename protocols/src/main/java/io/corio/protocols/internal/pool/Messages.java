package io.corio.protocols.internal.pool;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * The messages between the pool and its workers, each the payload of one {@code LengthPrefixedCodec} frame: a type
 * byte, a task id (8 bytes), then a body.
 * <pre>
 *   worker → pool  HELLO   pid, token (UTF-8)             once, first
 *   pool → worker  TASK    id, serialised Callable
 *   pool → worker  CANCEL  id                             interrupt the task if it still runs
 *   worker → pool  RESULT  id, serialised value           exactly one RESULT or FAILURE per TASK
 *   worker → pool  FAILURE id, serialised {@link Failure}
 * </pre>
 * The end of the stream means "stop": a worker exits when its connection closes. Pure: no loop, no I/O.
 */
public final class Messages {
    public static final byte HELLO = 1;
    public static final byte TASK = 2;
    public static final byte CANCEL = 3;
    public static final byte RESULT = 4;
    public static final byte FAILURE = 5;
    /** Type byte and id. */
    public static final int HEADER = 9;

    private Messages() {
    }

    /**
     * What the worker knows of an exception a task threw: its class name, message and stack as they were there,
     * and the exception itself serialised when that worked ({@code null} when it did not).
     */
    public record Failure(String className, String message, StackTraceElement[] stack, byte[] serialised)
            implements Serializable {
        public static Failure of(Throwable error) {
            byte[] bytes;
            try {
                bytes = toBytes(error);
            } catch (IOException notSerialisable) {
                bytes = null;
            }
            return new Failure(error.getClass().getName(), error.getMessage(), error.getStackTrace(), bytes);
        }
    }

    /** A message with a serialised body; releases the buffer and rethrows if {@code body} cannot be serialised. */
    public static ByteBuf encode(ByteBufAllocator allocator, byte type, long id, Object body) throws IOException {
        ByteBuf out = allocator.buffer();
        try {
            out.writeByte(type).writeLong(id);
            try (var objects = new ObjectOutputStream(new ByteBufOutputStream(out))) {
                objects.writeObject(body);
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** A message without a body ({@code CANCEL}). */
    public static ByteBuf encode(ByteBufAllocator allocator, byte type, long id) {
        return allocator.buffer(HEADER).writeByte(type).writeLong(id);
    }

    public static ByteBuf hello(ByteBufAllocator allocator, long pid, String token) {
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        return allocator.buffer(HEADER + bytes.length).writeByte(HELLO).writeLong(pid).writeBytes(bytes);
    }

    public static byte type(ByteBuf message) {
        return message.getByte(message.readerIndex());
    }

    /** The id (or, in a HELLO, the pid). */
    public static long id(ByteBuf message) {
        return message.getLong(message.readerIndex() + 1);
    }

    public static String helloToken(ByteBuf message) {
        int start = message.readerIndex() + HEADER;
        return message.toString(start, message.writerIndex() - start, StandardCharsets.UTF_8);
    }

    /** Deserialises the body of {@code message} without moving its reader index. */
    public static Object body(ByteBuf message) throws IOException, ClassNotFoundException {
        ByteBuf body = message.slice(message.readerIndex() + HEADER, message.readableBytes() - HEADER);
        return fromStream(new ByteBufInputStream(body));
    }

    public static byte[] toBytes(Object value) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var objects = new ObjectOutputStream(bytes)) {
            objects.writeObject(value);
        }
        return bytes.toByteArray();
    }

    public static Object fromBytes(byte[] bytes) throws IOException, ClassNotFoundException {
        return fromStream(new java.io.ByteArrayInputStream(bytes));
    }

    private static Object fromStream(InputStream in) throws IOException, ClassNotFoundException {
        try (var objects = new ObjectInputStream(in)) {
            return objects.readObject();
        }
    }
}
