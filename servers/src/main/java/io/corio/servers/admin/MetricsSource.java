package io.corio.servers.admin;

import java.util.List;

/**
 * Transport counters for {@code /metrics}: connections and bytes, per loop (and per listener when the source knows
 * it). The launcher wires one to {@code io.corio.transports.Network.stats(loop)} for each loop.
 *
 * <p>Called on the admin listener's loop thread at every scrape, so it must be safe to call from a thread that is
 * not the measured loop's, must not block, and should be cheap (reading a few counters). An exception it throws
 * fails that scrape with a 500 naming the source.
 */
@FunctionalInterface
public interface MetricsSource {
    /** The current samples, one per loop (or loop and listener). */
    List<TransportSample> transportSamples();

    /**
     * One loop's (or one listener's) transport counters since it started.
     *
     * @param loop              the loop's name (label {@code loop})
     * @param listener          the listener's name (label {@code listener}), or null when the counters cover
     *                          every listener of the loop
     * @param connectionsOpen   stream connections up now
     * @param connectionsOpened stream connections opened since start
     * @param bytesRead         bytes read from sockets
     * @param bytesWritten      bytes written to sockets
     */
    record TransportSample(String loop, String listener, long connectionsOpen, long connectionsOpened,
                           long bytesRead, long bytesWritten) {
        public TransportSample {
            if (loop == null || loop.isEmpty()) {
                throw new IllegalArgumentException("loop name must not be empty");
            }
        }
    }
}
