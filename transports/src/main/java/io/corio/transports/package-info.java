/**
 * Transport/Protocol pairs over the event loop: TCP (IPv4 and IPv6), UDP, Unix stream sockets, TLS and pipes, reading
 * into pooled netty-buffer {@code ByteBuf}s.
 *
 * <p>A {@link io.corio.transports.Protocol} is told what happens to a connection; a
 * {@link io.corio.transports.Transport} is how it acts on the connection. Both live on one loop thread:
 *
 * <pre>
 *   Network.createServer / createConnection / createUnix* / startTls
 *        │
 *        ▼
 *   connectionMade(transport) ──► dataReceived(buf)* ──► eofReceived()? ──► connectionLost(causeOrNull)
 *                    pauseWriting() ⇄ resumeWriting() (paired, strictly above high / at or below low)
 * </pre>
 *
 * <p>Ownership: a buffer passed <em>to</em> {@code dataReceived} is borrowed for the call (retain it to keep it);
 * a buffer passed <em>to</em> {@code write} belongs to the transport, which releases it. Entry points are in
 * {@link io.corio.transports.Network} and, for {@code java.nio.channels.Pipe} ends, {@link io.corio.transports.Pipes}; {@link io.corio.transports.testing} holds in-memory transports for tests.
 */
package io.corio.transports;
