package io.corio.protocols;

import io.corio.protocols.internal.Cumulation;
import io.corio.transports.Buffers;
import io.corio.transports.BufferedProtocol;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;

/**
 * A {@code Protocol} that cuts the byte stream into frames with a {@link FrameDecoder} and hands each frame to a
 * {@link FrameHandler}; {@link #sendFrame} encodes with a {@link FrameEncoder} onto the transport. Give each
 * connection its own instance (decoders may keep state):
 * <pre>{@code
 * Network.createServer(loop, () -> new FramedProtocol<>(new LineCodec(8192), new FrameHandler<ByteBuf>() {
 *     FramedProtocol<ByteBuf> protocol;
 *     public void connectionMade(FramedProtocol<ByteBuf> p) { protocol = p; }
 *     public void frameReceived(ByteBuf line) { protocol.sendFrame(line.retain()); }   // a line echo
 * }), "127.0.0.1", 7000);
 * }</pre>
 *
 * <p>Bytes accumulate in one buffer that exists only while part of a frame is buffered; transports that support
 * it read straight into it. Frames are decoded as they complete, several per read when several arrived.
 * Malformed input (the decoder throws) closes the transport: no more frames are delivered, and the handler's
 * {@code connectionLost} receives the decoder's exception. At the end of the stream, a partial frame does the
 * same with an {@link IncompleteReadException}.
 *
 * <p>{@link #pauseReading()} stops frame delivery at once, including frames already buffered, and stops the
 * transport's reading; {@link #resumeReading()} delivers the buffered frames and reads again. Loop thread only.
 *
 * @param <T> the frame type
 */
public final class FramedProtocol<T> implements BufferedProtocol {
    private static final int READ_SIZE = 8192;

    private final FrameDecoder<? extends T> decoder;
    private final FrameEncoder<? super T> encoder;
    private final FrameHandler<T> handler;
    private Transport transport;
    private ByteBuf cumulation;   // null while no partial frame is buffered
    private Throwable failure;    // the decoder's error that closed the connection
    private boolean paused;
    private boolean decoding;

    public FramedProtocol(FrameDecoder<? extends T> decoder, FrameEncoder<? super T> encoder,
                          FrameHandler<T> handler) {
        if (decoder == null || encoder == null || handler == null) {
            throw new NullPointerException("decoder, encoder and handler must not be null");
        }
        this.decoder = decoder;
        this.encoder = encoder;
        this.handler = handler;
    }

    /** With a codec that both decodes and encodes, such as {@link LineCodec} or {@link LengthPrefixedCodec}. */
    public <C extends FrameDecoder<T> & FrameEncoder<T>> FramedProtocol(C codec, FrameHandler<T> handler) {
        this(codec, codec, handler);
    }

    /** Encodes {@code frame} and writes it; a reference-counted frame is consumed (as {@code write} does). */
    public void sendFrame(T frame) {
        transport.write(encoder.encode(frame, Buffers.allocator()));
    }

    /** The transport, once connected. */
    public Transport transport() {
        return transport;
    }

    /** Stops delivering frames (also those already buffered) and pauses the transport's reading. */
    public void pauseReading() {
        paused = true;
        transport.pauseReading();
    }

    /** Delivers the buffered frames, then reads again. */
    public void resumeReading() {
        if (!paused) {
            return;
        }
        paused = false;
        transport.resumeReading();
        decodeFrames();
    }

    // ------------------------------------------------------------------------------------------- protocol

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        handler.connectionMade(this);
    }

    @Override
    public ByteBuf getBuffer(int sizeHint) {
        int want = Math.max(64, Math.min(sizeHint, READ_SIZE));
        cumulation = Cumulation.writable(cumulation, want, Buffers.allocator());
        return cumulation;
    }

    @Override
    public void bufferUpdated(int n) {
        decodeFrames();
    }

    @Override
    public void dataReceived(ByteBuf data) {
        if (failure != null) {
            return;
        }
        cumulation = Cumulation.append(cumulation, data, Buffers.allocator());
        decodeFrames();
    }

    private void decodeFrames() {
        if (decoding) {
            return; // resumeReading() from inside frameReceived: the running loop goes on
        }
        decoding = true;
        try {
            while (!paused && failure == null && cumulation != null) {
                T frame;
                try {
                    frame = decoder.decode(cumulation);
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                if (frame == null) {
                    break;
                }
                deliver(frame);
            }
            cumulation = Cumulation.releaseIfEmpty(cumulation);
        } finally {
            decoding = false;
        }
    }

    private void deliver(T frame) {
        try {
            handler.frameReceived(frame);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void fail(Throwable e) {
        failure = e;
        cumulation = Cumulation.release(cumulation);
        transport.close();
    }

    @Override
    public boolean eofReceived() {
        if (failure != null) {
            return false;
        }
        try {
            while (cumulation != null) {
                T frame = decoder.decodeEof(cumulation);
                if (frame == null) {
                    break;
                }
                deliver(frame);
            }
        } catch (RuntimeException e) {
            fail(e);
            return false;
        }
        cumulation = Cumulation.release(cumulation);
        return handler.eofReceived();
    }

    @Override
    public void connectionLost(Throwable cause) {
        cumulation = Cumulation.release(cumulation);
        handler.connectionLost(cause != null ? cause : failure);
    }

    @Override
    public void pauseWriting() {
        handler.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        handler.resumeWriting();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("FramedProtocol[").append(decoder);
        if (cumulation != null) {
            sb.append(", buffered=").append(cumulation.readableBytes());
        }
        if (paused) {
            sb.append(", paused");
        }
        if (failure != null) {
            sb.append(", failed=").append(failure);
        }
        return sb.append(']').toString();
    }
}
