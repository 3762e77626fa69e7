package io.corio.servers.launch;

import io.corio.loop.EventLoop;
import io.corio.servers.Service;
import io.corio.servers.config.ListenerConfig;

/**
 * Makes the {@link Service} of a stream listener (TCP, Unix, TLS) for one worker loop. Registered by protocol name
 * in a {@link ServiceRegistry}: {@code registry.stream("echo", EchoService::create)}.
 *
 * <p>Called by the {@link Launcher} at startup on {@code loop}'s thread, once per worker loop of each listener that
 * names the protocol, before the listening socket of that loop is bound. What it throws stops the startup with a
 * one-line error naming the listener and the exception's message.
 */
@FunctionalInterface
public interface ServiceFactory {
    /**
     * @param loop     the worker loop the service's connections will run on
     * @param listener the listener's configuration: limits, timeouts, {@code options} (cast to the protocol's
     *                 {@code ProtocolOptions} record), address
     */
    Service create(EventLoop loop, ListenerConfig listener) throws Exception;

    /**
     * Makes the {@link ServiceFactory} of one listener at startup, when the protocol needs the user class loader
     * (a JSON-RPC service class named in the options, for example) or the admin listener's metrics:
     * {@code registry.streamPrepared("rpc", ...)}.
     * Called once per listener, on the thread that starts the launcher, before any socket opens; what it throws
     * stops the startup with a one-line error naming the listener.
     */
    @FunctionalInterface
    interface Preparer {
        ServiceFactory prepare(ListenerConfig listener, LaunchContext context) throws Exception;
    }
}
