package io.corio.protocols.internal.pool;

import io.corio.loop.Future;
import io.corio.protocols.FramedProtocol;
import io.netty.buffer.ByteBuf;

/**
 * The pool's view of one worker place (loop thread only): the process in it now, its connection once the worker
 * said HELLO, and the task it runs. A place outlives its processes: a worker that dies is replaced in the same
 * place.
 */
final class WorkerSlot {
    /** The lifecycle of a place: STARTING → IDLE ⇄ BUSY, any → STOPPED (no process, none coming). */
    public enum State { STARTING, IDLE, BUSY, STOPPED }

    /** A task on its way through the pool: its id, serialised form and the caller's future. */
    public record Job(long id, byte[] task, Future<Object> future) {
    }

    final int index;
    State state = State.STARTING;
    Process process;
    FramedProtocol<ByteBuf> connection;
    Job current;
    /** Starts in a row that ended before the worker said HELLO. */
    int failedStarts;

    WorkerSlot(int index) {
        this.index = index;
    }

    public long pid() {
        return process != null ? process.pid() : -1;
    }

    /** "worker 1 (pid 4242)", for messages. */
    public String describe() {
        return "worker " + index + " (pid " + pid() + ")";
    }

    @Override
    public String toString() {
        return "WorkerSlot[" + index + ", pid=" + pid() + ", " + state + (current != null ? ", task="
                + current.id() : "") + "]";
    }
}
