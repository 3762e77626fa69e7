package io.corio.protocols.internal;

import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.Signal;
import io.corio.loop.Task;
import io.corio.loop.TimeoutException;
import io.corio.protocols.ChildProcess;
import io.corio.protocols.ProcessResult;
import io.corio.protocols.StreamReader;
import io.corio.protocols.StreamWriter;
import io.corio.transports.SubprocessProtocol;
import io.corio.transports.SubprocessTransport;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A {@link ChildProcess}: the {@link SubprocessProtocol} of the child, which feeds one {@link StreamProtocol} per
 * pipe (stdin's gives the writer, stdout's and stderr's are the readers; their {@code pauseReading} reaches the
 * pipe's reader thread, so an unread stream throttles the child).
 */
public final class ChildProcessImpl implements SubprocessProtocol, ChildProcess {
    private final int limit;
    private SubprocessTransport transport;
    private StreamProtocol in;
    private StreamProtocol out;
    private StreamProtocol err;
    private Future<Integer> exit;

    public ChildProcessImpl(int limit) {
        this.limit = limit;
    }

    // ------------------------------------------------------------------------------------------- protocol

    @Override
    public void connectionMade(SubprocessTransport transport) {
        this.transport = transport;
        this.exit = transport.loop().createFuture();
        in = attach(transport.pipeTransport(0));
        out = attach(transport.pipeTransport(1));
        err = attach(transport.pipeTransport(2));
    }

    private StreamProtocol attach(Transport pipe) {
        if (pipe == null) {
            return null;
        }
        var protocol = new StreamProtocol(limit, null);
        protocol.connectionMade(pipe);
        return protocol;
    }

    @Override
    public void pipeDataReceived(int fd, ByteBuf data) {
        (fd == 1 ? out : err).dataReceived(data);
    }

    @Override
    public void pipeConnectionLost(int fd, Throwable cause) {
        StreamProtocol p = fd == 0 ? in : fd == 1 ? out : err;
        if (fd != 0 && cause == null) {
            p.eofReceived();
        }
        p.connectionLost(cause);
    }

    @Override
    public void processExited(int code) {
        exit.setResult(code);
    }

    @Override
    public void pauseWriting() {
        in.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        in.resumeWriting();
    }

    // ------------------------------------------------------------------------------------- child process

    @Override
    public long pid() {
        return transport.pid();
    }

    @Override
    public StreamWriter stdin() {
        return in == null ? null : in.writer();
    }

    @Override
    public StreamReader stdout() {
        return out;
    }

    @Override
    public StreamReader stderr() {
        return err;
    }

    @Override
    public Future<Integer> waitFor() {
        return exit;
    }

    @Override
    public Future<ProcessResult> communicate(byte[] input, Duration timeout) {
        byte[] data = input == null ? null : input.clone();
        return transport.loop().createTask(() -> {
            try {
                return Async.timeout(timeout, () -> collect(data));
            } catch (TimeoutException e) {
                transport.kill();
                transport.close();
                Async.shield(exit).await(); // reaped before the caller hears of it
                throw new TimeoutException("child " + pid() + " did not finish within " + timeout
                        + "; it was killed", e);
            }
        }, "communicate-" + pid());
    }

    private ProcessResult collect(byte[] input) {
        EventLoop loop = transport.loop();
        Task<byte[]> o = out == null ? null : loop.createTask(() -> readAll(out));
        Task<byte[]> e = err == null ? null : loop.createTask(() -> readAll(err));
        try {
            if (in != null) {
                feed(in.writer(), input);
            }
            byte[] stdout = o == null ? null : o.await();
            byte[] stderr = e == null ? null : e.await();
            return new ProcessResult(stdout, stderr, exit.await());
        } finally {
            if (o != null) {
                o.cancel();
            }
            if (e != null) {
                e.cancel();
            }
        }
    }

    /** Writes {@code input} and closes stdin; a child that stopped reading is not an error (as in asyncio). */
    private static void feed(StreamWriter writer, byte[] input) {
        try {
            if (input != null && input.length > 0) {
                writer.send(input).await();
            }
            writer.close();
        } catch (BrokenResourceException | ClosedResourceException ignored) {
            // the child closed its stdin or ended: what it did not read is dropped
        }
    }

    private static byte[] readAll(StreamReader reader) {
        ByteBuf all = reader.read(-1).await();
        try {
            byte[] bytes = new byte[all.readableBytes()];
            all.readBytes(bytes);
            return bytes;
        } finally {
            all.release();
        }
    }

    @Override
    public boolean sendSignal(Signal signal) {
        return transport.sendSignal(signal);
    }

    @Override
    public boolean sendSignal(int signal) {
        return transport.sendSignal(signal);
    }

    @Override
    public boolean terminate() {
        return transport.terminate();
    }

    @Override
    public boolean kill() {
        return transport.kill();
    }

    @Override
    public OptionalInt returnCode() {
        return transport.returnCode();
    }

    @Override
    public SubprocessTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "ChildProcess[" + transport + "]";
    }
}
