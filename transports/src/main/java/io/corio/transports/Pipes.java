package io.corio.transports;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.internal.pipe.PipeTransports;
import java.nio.channels.Pipe;
import java.util.function.Supplier;

/**
 * Transports over the two ends of a {@link Pipe}, as asyncio's {@code loop.connect_read_pipe} and
 * {@code connect_write_pipe}. The transport takes the channel: it puts it in non-blocking mode, watches it, and
 * closes it when the transport closes. Do not read, write or {@code addReader} the channel yourself afterwards
 * ({@code addReader} on it throws {@link io.corio.loop.InvalidStateException}).
 *
 * <p>Call these on the loop thread or from any thread while the loop is not running. The future completes in a
 * later iteration, after the protocol's {@code connectionMade} ran; it fails with
 * {@link io.corio.loop.ClosedResourceException} if the channel is closed, or with what the factory threw.
 */
public final class Pipes {
    private Pipes() {
    }

    /**
     * A read-only transport over {@code source}: {@code dataReceived} for each chunk (the buffer is borrowed for
     * the call, as for sockets), {@code eofReceived} once when the writer closes its end (its return value is
     * ignored: the transport then closes), then {@code connectionLost(null)}; a read error gives
     * {@code connectionLost(cause)}. {@code pauseReading}/{@code resumeReading} stop and restart reading, so a
     * writer on the other side blocks (or gets its own backpressure) once the pipe's kernel buffer is full.
     * {@code write} and {@code writeEof} throw {@link UnsupportedOperationException}.
     */
    public static Future<Transport> connectReadPipe(EventLoop loop, Supplier<? extends Protocol> factory,
                                                    Pipe.SourceChannel source) {
        return PipeTransports.read(loop, factory, source);
    }

    /**
     * A write-only transport over {@code sink}, with the stream transports' flow control: {@code pauseWriting}
     * when the buffered bytes go strictly above the high mark (64 KiB by default, see
     * {@link Transport#setWriteBufferLimits}), {@code resumeWriting} once they drain to the low mark (16 KiB),
     * always paired. {@code writeEof} and {@code close} close the pipe after the buffered bytes are written (the
     * reader sees EOF); {@code abort} drops them. If the reader closed its end, the next write or flush fails with
     * EPIPE and the protocol gets {@code connectionLost(IOException "Broken pipe")}. Reading methods do nothing.
     */
    public static Future<Transport> connectWritePipe(EventLoop loop, Supplier<? extends Protocol> factory,
                                                     Pipe.SinkChannel sink) {
        return PipeTransports.write(loop, factory, sink);
    }
}
