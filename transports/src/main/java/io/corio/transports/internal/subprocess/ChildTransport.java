package io.corio.transports.internal.subprocess;

import io.corio.loop.ErrorContext;
import io.corio.loop.EventLoop;
import io.corio.loop.Signal;
import io.corio.transports.Stdio;
import io.corio.transports.SubprocessOptions;
import io.corio.transports.SubprocessProtocol;
import io.corio.transports.SubprocessTransport;
import io.corio.transports.Transport;
import io.netty.buffer.ByteBuf;
import java.util.OptionalInt;

/**
 * One child and the order of its callbacks: the output pipes' data and ends, then {@code processExited} once the
 * JDK saw the child end <em>and</em> both output pipes ended, then stdin's end (closed here if still open), then
 * {@code connectionLost}. Loop thread only, except {@link #loopClosed()} (the loop's close hook).
 */
final class ChildTransport implements SubprocessTransport {
    private final EventLoop loop;
    private final Process process;
    private final SubprocessProtocol protocol;
    private final WritePipe stdin;
    private final ReadPipe stdout;
    private final ReadPipe stderr;
    private int openOutputs;
    private boolean stdinOpen;
    private Integer exitCode;       // seen by the loop
    private boolean exitDelivered;
    private boolean lost;
    private boolean closing;

    ChildTransport(EventLoop loop, Process process, SubprocessOptions options, SubprocessProtocol protocol) {
        this.loop = loop;
        this.process = process;
        this.protocol = protocol;
        this.stdin = options.stdin().kind() == Stdio.Kind.PIPE ? new WritePipe(this, process.getOutputStream())
                : null;
        this.stdout = options.stdout().kind() == Stdio.Kind.PIPE ? new ReadPipe(this, 1, process.getInputStream())
                : null;
        this.stderr = options.stderr().kind() == Stdio.Kind.PIPE ? new ReadPipe(this, 2, process.getErrorStream())
                : null;
        this.stdinOpen = stdin != null;
        this.openOutputs = (stdout != null ? 1 : 0) + (stderr != null ? 1 : 0);
    }

    /** Calls {@code connectionMade}, then starts the readers and the exit watch. */
    void start() {
        call("connectionMade", () -> protocol.connectionMade(this));
        if (stdout != null) {
            stdout.start();
        }
        if (stderr != null) {
            stderr.start();
        }
        process.onExit().thenRun(() -> Spawner.post(loop, this::exited, null));
    }

    Process process() {
        return process;
    }

    // ------------------------------------------------------------------------------------- from the pipes

    void pipeData(int fd, ByteBuf data) {
        call("pipeDataReceived", () -> protocol.pipeDataReceived(fd, data));
    }

    void pipeEnded(int fd, Throwable cause) {
        call("pipeConnectionLost", () -> protocol.pipeConnectionLost(fd, cause));
        if (fd == 0) {
            stdinOpen = false;
        } else {
            openOutputs--;
        }
        tryFinish();
    }

    void pauseWriting() {
        call("pauseWriting", protocol::pauseWriting);
    }

    void resumeWriting() {
        call("resumeWriting", protocol::resumeWriting);
    }

    private void exited() {
        exitCode = process.exitValue();
        tryFinish();
    }

    private void tryFinish() {
        if (exitCode == null || openOutputs > 0 || lost) {
            return;
        }
        if (!exitDelivered) {
            exitDelivered = true;
            int code = exitCode;
            call("processExited", () -> protocol.processExited(code));
            if (stdinOpen) {
                stdin.childExited(); // nobody reads it any more; its pipeConnectionLost(0) comes next
                return;
            }
        }
        if (!stdinOpen) {
            lost = true;
            Spawner.unregister(loop, this);
            call("connectionLost", () -> protocol.connectionLost(null));
        }
    }

    private void call(String what, Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            loop.callExceptionHandler(ErrorContext.of("Exception in SubprocessProtocol." + what + " of " + this,
                    e, this));
        }
    }

    /** The loop closed: kill the child and release the pipes' buffers; no more callbacks. */
    void loopClosed() {
        lost = true;
        process.destroyForcibly();
        if (stdin != null) {
            stdin.loopClosed();
        }
        if (stdout != null) {
            stdout.loopClosed();
        }
        if (stderr != null) {
            stderr.loopClosed();
        }
    }

    // ------------------------------------------------------------------------------------------ transport

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OptionalInt returnCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    @Override
    public Transport pipeTransport(int fd) {
        return switch (fd) {
            case 0 -> stdin;
            case 1 -> stdout;
            case 2 -> stderr;
            default -> throw new IllegalArgumentException("fd must be 0, 1 or 2, got " + fd);
        };
    }

    @Override
    public boolean sendSignal(int signal) {
        if (exitCode != null || !process.isAlive()) {
            return false;
        }
        Spawner.signal(process, signal);
        return true;
    }

    @Override
    public boolean sendSignal(Signal signal) {
        return sendSignal(Spawner.number(signal));
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (stdin != null) {
            stdin.abort();
        }
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
        if (exitCode == null) {
            process.destroyForcibly();
        }
    }

    @Override
    public boolean isClosing() {
        return closing || lost;
    }

    @Override
    public SubprocessProtocol protocol() {
        return protocol;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("SubprocessTransport[pid=").append(process.pid());
        if (exitCode != null) {
            sb.append(", exit=").append(exitCode);
        }
        if (closing) {
            sb.append(", closing");
        }
        if (lost) {
            sb.append(", lost");
        }
        return sb.append(']').toString();
    }
}
