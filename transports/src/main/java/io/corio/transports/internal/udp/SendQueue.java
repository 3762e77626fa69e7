package io.corio.transports.internal.udp;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.ArrayDeque;

/**
 * Datagrams waiting for the socket to become writable, each kept whole with its destination, and their byte
 * count. Created on the first datagram the socket refuses, so an endpoint that never fills its socket buffer
 * carries no queue.
 */
final class SendQueue {
    private record Pending(ByteBuf data, SocketAddress target) {
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long bytes;

    /** Takes ownership of {@code data}; {@code target} is null for the connected peer. */
    void add(ByteBuf data, SocketAddress target) {
        pending.addLast(new Pending(data, target));
        bytes += data.readableBytes();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    long bytes() {
        return bytes;
    }

    /** The oldest datagram, still owned by the queue; null when empty. */
    ByteBuf headData() {
        Pending head = pending.peekFirst();
        return head == null ? null : head.data;
    }

    /** The oldest datagram's destination (null for the connected peer). */
    SocketAddress headTarget() {
        return pending.getFirst().target;
    }

    /** Removes the oldest datagram and releases it. */
    void removeHead() {
        Pending head = pending.removeFirst();
        bytes -= head.data.readableBytes();
        head.data.release();
    }

    /** Releases every queued datagram. */
    void clear() {
        Pending p;
        while ((p = pending.pollFirst()) != null) {
            p.data.release();
        }
        bytes = 0;
    }
}
