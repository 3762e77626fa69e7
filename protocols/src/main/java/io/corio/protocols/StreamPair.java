package io.corio.protocols;

/**
 * The two halves of a client stream connection, from {@link Streams#openConnection}. Close the writer when done:
 * that closes the connection.
 */
public record StreamPair(StreamReader reader, StreamWriter writer) {
}
