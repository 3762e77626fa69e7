package io.corio.protocols.internal.pool;

import io.corio.protocols.FrameHandler;
import io.corio.protocols.FramedProtocol;
import io.netty.buffer.ByteBuf;

/**
 * The pool's end of one worker connection (loop thread). The first frame must be a HELLO with the pool's token and
 * the pid of a worker the pool started; anything else closes the connection. Then every frame is a task's outcome.
 */
public final class PoolConnection implements FrameHandler<ByteBuf> {
    private final PoolEngine pool;
    private FramedProtocol<ByteBuf> protocol;
    private WorkerSlot slot;

    public PoolConnection(PoolEngine pool) {
        this.pool = pool;
    }

    @Override
    public void connectionMade(FramedProtocol<ByteBuf> protocol) {
        this.protocol = protocol;
    }

    @Override
    public void frameReceived(ByteBuf message) {
        if (message.readableBytes() < Messages.HEADER) {
            protocol.transport().close();
            return;
        }
        byte type = Messages.type(message);
        if (slot == null) {
            slot = type == Messages.HELLO
                    ? pool.connected(Messages.id(message), Messages.helloToken(message), protocol) : null;
            if (slot == null) {
                pool.report("corio pool: a connection that is not one of the pool's workers; closing it", null);
                protocol.transport().close();
            }
        } else if (type == Messages.RESULT || type == Messages.FAILURE) {
            pool.outcome(slot, message);
        } else {
            protocol.transport().close();
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (slot != null) {
            pool.disconnected(slot);
        }
    }
}
