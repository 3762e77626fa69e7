package io.corio.loop.internal;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.Clock;
import io.corio.loop.Handle;
import io.corio.loop.InvalidStateException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The default loop: I/O readiness from a NIO {@link Selector} (epoll on Linux). A channel's key carries an
 * {@link Interest} with the reader and writer handles; a ready key queues those handles, so I/O callbacks run in
 * {@code runOnce} like every other callback. Keys stay registered with an empty interest set when a reader and a
 * writer are removed (one {@code epoll_ctl MOD} instead of a DEL and an ADD when interest comes back); closing
 * the channel deregisters the key.
 */
public class SelectorEventLoop extends BaseEventLoop {
    private final Selector selector;
    static final long BUSY_POLL_INTERVAL_NANOS = 20_000;

    private final Consumer<SelectionKey> onReady = this::keyReady;
    private long lastPollNanos;

    public SelectorEventLoop() {
        this(SystemClock.INSTANCE);
    }

    protected SelectorEventLoop(Clock clock) {
        super(clock);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** {@link io.corio.loop.EventLoop#run}. */
    public static <T> T runMain(Callable<T> main) {
        return new SelectorEventLoop().runMainTask(main);
    }

    private static final class Interest {
        ReadyHandle reader;
        ReadyHandle writer;
        Object owner;       // the transport that watches the channel, null for user watches
    }

    // ----------------------------------------------------------------------------------------------- hooks

    /**
     * Polls I/O, except that while callbacks keep the loop busy (a zero timeout) the selector is asked at most once
     * per {@value #BUSY_POLL_INTERVAL_NANOS} ns, and not at all while no channel is registered: a non-blocking
     * {@code epoll_wait} costs ~300 ns, more than a coroutine hop, and asyncio-style loops pay it every iteration.
     * I/O readiness is therefore seen at most 20 µs late on a loop saturated with callbacks, never later.
     */
    @Override
    protected int pollIo(long timeoutNanos) {
        if (timeoutNanos == 0) {
            if (selector.keys().isEmpty()) {
                return 0;
            }
            long now = SystemClock.INSTANCE.nanoTime();
            if (now - lastPollNanos < BUSY_POLL_INTERVAL_NANOS) {
                return 0;
            }
            lastPollNanos = now;
            return select(0);
        }
        int events = select(timeoutNanos);
        lastPollNanos = SystemClock.INSTANCE.nanoTime();
        return events;
    }

    /** Asks the selector, always: 0 does not block, a negative timeout blocks until woken. */
    protected final int select(long timeoutNanos) {
        try {
            if (timeoutNanos == 0) {
                return selector.selectNow(onReady);
            } else if (timeoutNanos < 0) {
                return selector.select(onReady);
            } else {
                long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
                return selector.select(onReady, millis);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
    }

    private void keyReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        var interest = (Interest) key.attachment();
        int ops = key.readyOps();
        if ((ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && interest.reader != null) {
            if (interest.reader.isCancelled()) {
                dropCancelled(key, interest, true);
            } else {
                addReady(interest.reader);
            }
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && interest.writer != null) {
            if (interest.writer.isCancelled()) {
                dropCancelled(key, interest, false);
            } else {
                addReady(interest.writer);
            }
        }
    }

    /**
     * A handle cancelled by its owner instead of {@code removeReader}/{@code removeWriter}: the interest goes too, or
     * a level-triggered selector would report the channel ready on every poll (a busy loop calling nothing).
     */
    private static void dropCancelled(SelectionKey key, Interest interest, boolean reader) {
        if (reader) {
            interest.reader = null;
            key.interestOpsAnd(~(SelectionKey.OP_READ | SelectionKey.OP_ACCEPT));
        } else {
            interest.writer = null;
            key.interestOpsAnd(~(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT));
        }
    }

    @Override
    protected void wakeup() {
        selector.wakeup();
    }

    @Override
    protected void closeIo() {
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the selector failed", e);
        }
    }

    // ------------------------------------------------------------------------------------- registration

    @Override
    public Handle addReader(SelectableChannel channel, Runnable callback) {
        return addReader(channel, callback, null);
    }

    @Override
    public Handle addWriter(SelectableChannel channel, Runnable callback) {
        return addWriter(channel, callback, null);
    }

    /**
     * {@link #addReader(SelectableChannel, Runnable)} for a transport: {@code owner} (the transport) marks the
     * channel as its own for as long as the channel stays registered (until it is closed), so that a user's
     * {@code addReader}/{@code addWriter} on it fails instead of silently stealing the transport's events.
     *
     * @throws InvalidStateException if another owner (or a user, when {@code owner} is null) holds the channel
     */
    public Handle addReader(SelectableChannel channel, Runnable callback, Object owner) {
        int op = (channel.validOps() & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        if ((channel.validOps() & op) == 0) {
            throw new IllegalArgumentException("channel does not support reading: " + channel);
        }
        return register(channel, op, callback, true, owner);
    }

    /** {@link #addWriter(SelectableChannel, Runnable)} for a transport; see {@link #addReader(SelectableChannel, Runnable, Object)}. */
    public Handle addWriter(SelectableChannel channel, Runnable callback, Object owner) {
        int op = channel instanceof SocketChannel sc && sc.isConnectionPending()
                ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        if ((channel.validOps() & op) == 0) {
            throw new IllegalArgumentException("channel does not support writing: " + channel);
        }
        return register(channel, op, callback, false, owner);
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        return removeReader(channel, null);
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        return removeWriter(channel, null);
    }

    /** {@link #removeReader(SelectableChannel)} for the transport that added the reader with itself as owner. */
    public boolean removeReader(SelectableChannel channel, Object owner) {
        return unregister(channel, SelectionKey.OP_READ | SelectionKey.OP_ACCEPT, true, owner);
    }

    /** {@link #removeWriter(SelectableChannel)} for the transport that added the writer with itself as owner. */
    public boolean removeWriter(SelectableChannel channel, Object owner) {
        return unregister(channel, SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, false, owner);
    }

    private Handle register(SelectableChannel channel, int op, Runnable callback, boolean reader, Object owner) {
        if (debug) {
            checkThread();
        }
        checkOpen();
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("channel must be in non-blocking mode: " + channel);
        }
        if (callback == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        SelectionKey key = keyOf(channel);
        Interest interest = (Interest) key.attachment();
        if (interest.owner != owner) {
            if (interest.owner != null) {
                throw new InvalidStateException("channel is used by transport " + interest.owner
                        + "; close or abort the transport instead of watching its channel");
            }
            if (interest.reader != null || interest.writer != null) {
                throw new InvalidStateException("channel is watched by addReader/addWriter callbacks; remove them"
                        + " before a transport takes it: " + channel);
            }
            interest.owner = owner;
        }
        ReadyHandle handle = ReadyHandle.create(callback, debug);
        ReadyHandle old = reader ? interest.reader : interest.writer;
        if (old != null) {
            old.cancel();
        }
        if (reader) {
            interest.reader = handle;
        } else {
            interest.writer = handle;
        }
        try {
            key.interestOpsOr(op);
        } catch (CancelledKeyException e) {
            throw new ClosedResourceException("channel was closed: " + channel);
        }
        return handle;
    }

    /** The channel's key with this selector, registering it (with no interest yet) when needed. */
    private SelectionKey keyOf(SelectableChannel channel) {
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.isValid()) {
            return key;
        }
        try {
            try {
                return channel.register(selector, 0, new Interest());
            } catch (CancelledKeyException e) {
                // cancelled but not yet deregistered: a non-blocking select flushes it
                selector.selectNow(onReady);
                return channel.register(selector, 0, new Interest());
            }
        } catch (ClosedChannelException e) {
            throw new ClosedResourceException("channel is closed: " + channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean unregister(SelectableChannel channel, int ops, boolean reader, Object owner) {
        if (debug) {
            checkThread();
        }
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            return false;
        }
        Interest interest = (Interest) key.attachment();
        if (interest.owner != null && interest.owner != owner) {
            throw new InvalidStateException("channel is used by transport " + interest.owner
                    + "; close or abort the transport instead of removing its watch");
        }
        ReadyHandle handle = reader ? interest.reader : interest.writer;
        if (handle == null) {
            return false;
        }
        handle.cancel();
        if (reader) {
            interest.reader = null;
        } else {
            interest.writer = null;
        }
        if (key.isValid()) {
            key.interestOpsAnd(~ops);
        }
        return true;
    }
}
