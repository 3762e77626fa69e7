package io.corio.transports.internal;

import io.corio.loop.EventLoop;
import io.corio.loop.Handle;
import io.corio.loop.internal.SelectorEventLoop;
import java.nio.channels.SelectableChannel;

/**
 * {@code addReader}/{@code addWriter} for transports: on Corio's own loops the registration names the transport
 * as the channel's owner, so that user code calling {@code loop.addReader} on a transport's channel gets an
 * {@link io.corio.loop.InvalidStateException} instead of silently taking the transport's events (and so does
 * {@code loop.removeReader} on it); the transport removes its own watches through this class. Other loop
 * implementations get a plain registration. Loop thread only.
 */
public final class Watches {
    private Watches() {
    }

    public static Handle reader(EventLoop loop, SelectableChannel channel, Runnable callback, Object owner) {
        return loop instanceof SelectorEventLoop s
                ? s.addReader(channel, callback, owner) : loop.addReader(channel, callback);
    }

    public static Handle writer(EventLoop loop, SelectableChannel channel, Runnable callback, Object owner) {
        return loop instanceof SelectorEventLoop s
                ? s.addWriter(channel, callback, owner) : loop.addWriter(channel, callback);
    }

    public static boolean removeReader(EventLoop loop, SelectableChannel channel, Object owner) {
        return loop instanceof SelectorEventLoop s ? s.removeReader(channel, owner) : loop.removeReader(channel);
    }

    public static boolean removeWriter(EventLoop loop, SelectableChannel channel, Object owner) {
        return loop instanceof SelectorEventLoop s ? s.removeWriter(channel, owner) : loop.removeWriter(channel);
    }
}
