/**
 * Stream reader/writer coroutines over transports ({@link io.corio.protocols.Streams},
 * {@link io.corio.protocols.StreamReader}, {@link io.corio.protocols.StreamWriter}) and pure framing codecs
 * ({@link io.corio.protocols.FrameDecoder}, {@link io.corio.protocols.LineCodec},
 * {@link io.corio.protocols.LengthPrefixedCodec}) with a {@link io.corio.protocols.FramedProtocol} that runs them on
 * a connection. Errors: {@link io.corio.protocols.IncompleteReadException} (the stream ended first) and
 * {@link io.corio.protocols.LimitOverrunException} (longer than a limit), plus the loop's own exception types.
 */
package io.corio.protocols;
