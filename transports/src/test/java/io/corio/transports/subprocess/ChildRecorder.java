package io.corio.transports.subprocess;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.transports.SubprocessProtocol;
import io.corio.transports.SubprocessTransport;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Records a child's callbacks in order, its output per fd, and completes futures at exit and at the end. */
class ChildRecorder implements SubprocessProtocol {
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final Future<Integer> exited;
    final Future<Void> lost;
    Throwable stdinCause;
    SubprocessTransport transport;
    int pauses;

    ChildRecorder(EventLoop loop) {
        exited = loop.createFuture();
        lost = loop.createFuture();
    }

    @Override
    public void connectionMade(SubprocessTransport transport) {
        this.transport = transport;
        events.add("made");
    }

    @Override
    public void pipeDataReceived(int fd, ByteBuf data) {
        byte[] bytes = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), bytes);
        (fd == 1 ? stdout : stderr).writeBytes(bytes);
    }

    @Override
    public void pipeConnectionLost(int fd, Throwable cause) {
        events.add("pipeLost " + fd);
        if (fd == 0) {
            stdinCause = cause;
        }
    }

    @Override
    public void processExited(int code) {
        events.add("exited " + code);
        exited.setResult(code);
    }

    @Override
    public void pauseWriting() {
        pauses++;
    }

    @Override
    public void connectionLost(Throwable cause) {
        events.add("lost");
        lost.setResult(null);
    }

    String out() {
        return stdout.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
