package io.corio.protocols;

/**
 * Serves one connection of a stream server ({@link Streams#startServer}), as a coroutine: each connection runs
 * {@code handle} in its own task, so it reads and writes with {@code await} and may block in the ways a coroutine
 * may. When {@code handle} returns or throws, the writer is closed (flushing what was written) and unread bytes
 * are dropped. An exception other than a cancellation goes to the loop's exception handler, with the transport.
 *
 * <pre>{@code
 * StreamHandler upper = (reader, writer) -> {
 *     String line;
 *     while ((line = reader.readLine().await()) != null) {
 *         writer.send(line.toUpperCase() + "\n").await();
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface StreamHandler {
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
