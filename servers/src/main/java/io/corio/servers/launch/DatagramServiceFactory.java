package io.corio.servers.launch;

import io.corio.loop.EventLoop;
import io.corio.servers.config.ListenerConfig;
import io.corio.transports.DatagramProtocol;

/**
 * Makes the protocol of a UDP listener for one worker loop: one {@link DatagramProtocol} per bound endpoint (UDP
 * has no connections, so there is no {@code Service}: on shutdown the endpoint is closed). Registered by protocol
 * name: {@code registry.datagram("echo", (loop, listener) -> new UdpEcho())}.
 *
 * <p>Called by the {@link Launcher} at startup on {@code loop}'s thread, once per worker loop. What it throws
 * stops the startup with a one-line error naming the listener.
 */
@FunctionalInterface
public interface DatagramServiceFactory {
    DatagramProtocol create(EventLoop loop, ListenerConfig listener) throws Exception;
}
