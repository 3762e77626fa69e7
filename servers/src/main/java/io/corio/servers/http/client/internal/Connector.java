package io.corio.servers.http.client.internal;

import io.corio.loop.Future;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;

/**
 * Opens the connections of a pool: the network in use ({@link NetworkConnector}), in-memory pairs in tests. Called
 * on the loop thread; the future completes on it once {@code protocol}'s {@code connectionMade} ran, or fails with
 * the transport's exception.
 */
@FunctionalInterface
public interface Connector {
    Future<Transport> connect(Origin origin, Protocol protocol);
}
