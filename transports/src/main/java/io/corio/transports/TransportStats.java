package io.corio.transports;

/**
 * A snapshot of one loop's transport counters, from {@link Network#stats}: what the admin listener's
 * {@code /metrics} exports. Counts since the loop's first transport; values read from another thread than the
 * loop's may be a little behind.
 *
 * @param connectionsOpened  stream connections that came up on the loop (accepted and connected, TCP and Unix; a
 *                           TLS connection counts once, as its socket)
 * @param connectionsOpen    stream connections up now
 * @param bytesRead          bytes read from stream sockets (ciphertext for TLS)
 * @param bytesWritten       bytes handed to stream sockets, files sent with {@code sendFile} included
 * @param datagramsReceived  UDP datagrams received
 * @param datagramsSent      UDP datagrams handed to the kernel
 * @param datagramBytesReceived payload bytes of the datagrams received
 * @param datagramBytesSent  payload bytes of the datagrams sent
 */
public record TransportStats(long connectionsOpened, long connectionsOpen, long bytesRead, long bytesWritten,
                             long datagramsReceived, long datagramsSent, long datagramBytesReceived,
                             long datagramBytesSent) {
}
