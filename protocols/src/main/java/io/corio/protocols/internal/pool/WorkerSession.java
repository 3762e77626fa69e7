package io.corio.protocols.internal.pool;

import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.protocols.FrameHandler;
import io.corio.protocols.FramedProtocol;
import io.corio.transports.Buffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.IOException;
import java.io.NotSerializableException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The worker's end of the connection (loop thread): sends HELLO, hands each TASK to the task thread, interrupts it
 * on CANCEL, and sends back one RESULT or FAILURE per task. Serialisation happens on the task thread.
 */
final class WorkerSession implements FrameHandler<ByteBuf> {
    private final EventLoop loop;
    private final String token;
    private final int maxMessageLength;
    private final Future<Void> closed;
    private final ExecutorService taskThread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("corio-pool-task").factory());
    private FramedProtocol<ByteBuf> protocol;
    private volatile long runningId = -1;
    private volatile Thread runner;
    private volatile long cancelledId = -1;   // a CANCEL that may arrive before its task has started

    WorkerSession(EventLoop loop, String token, int maxMessageLength) {
        this.loop = loop;
        this.token = token;
        this.maxMessageLength = maxMessageLength;
        this.closed = loop.createFuture();
    }

    /** Completes when the connection to the pool is gone. */
    Future<Void> closed() {
        return closed;
    }

    @Override
    public void connectionMade(FramedProtocol<ByteBuf> protocol) {
        this.protocol = protocol;
        protocol.sendFrame(Messages.hello(Buffers.allocator(), ProcessHandle.current().pid(), token));
    }

    @Override
    public void frameReceived(ByteBuf message) {
        long id = Messages.id(message);
        switch (Messages.type(message)) {
            case Messages.TASK -> {
                byte[] task = ByteBufUtil.getBytes(message, message.readerIndex() + Messages.HEADER,
                        message.readableBytes() - Messages.HEADER);
                taskThread.execute(() -> run(id, task));
            }
            case Messages.CANCEL -> {
                cancelledId = id;
                Thread t = runner;
                if (runningId == id && t != null) {
                    t.interrupt();
                }
            }
            default -> protocol.transport().close();
        }
    }

    /** On the task thread: deserialise, call, serialise the outcome, and send it from the loop. */
    private void run(long id, byte[] task) {
        byte type = Messages.RESULT;
        byte[] body;
        try {
            Object value;
            runningId = id;
            runner = Thread.currentThread();
            if (cancelledId == id) {
                Thread.currentThread().interrupt();
            }
            try {
                value = ((Callable<?>) Messages.fromBytes(task)).call();
            } finally {
                runningId = -1;
                runner = null;
                Thread.interrupted();
            }
            try {
                body = Messages.toBytes(value);
            } catch (NotSerializableException e) {
                throw new NotSerializableException("the task's result cannot be serialised: " + e.getMessage()
                        + " is not Serializable");
            }
            if (body.length + Messages.HEADER > maxMessageLength) {
                throw new IOException("the task's result takes " + body.length + " bytes serialised, above the"
                        + " pool's maxMessageLength " + maxMessageLength);
            }
        } catch (Throwable e) {
            type = Messages.FAILURE;
            body = failure(e);
        }
        byte outcome = type;
        byte[] bytes = body;
        loop.callSoonThreadsafe(() -> {
            if (!protocol.transport().isClosing()) {
                protocol.sendFrame(Buffers.allocator().buffer(Messages.HEADER + bytes.length)
                        .writeByte(outcome).writeLong(id).writeBytes(bytes));
            }
        });
    }

    private static byte[] failure(Throwable e) {
        try {
            return Messages.toBytes(Messages.Failure.of(e));
        } catch (IOException impossible) {
            throw new IllegalStateException("a Failure record is always serialisable", impossible);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        taskThread.shutdownNow();
        closed.setResult(null);
    }
}
