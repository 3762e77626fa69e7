package io.corio.servers.config;

import io.corio.transports.ServerOptions;

/**
 * A listener's {@code limits:} block. Sizes accept a number of bytes or a unit: {@code 16KiB}, {@code 1 MiB},
 * {@code 512B}. Each limit applies to the protocols named; others ignore it.
 *
 * @param maxConnections open connections per worker loop; new ones are closed at once above it (all stream
 *     protocols; default 10,000)
 * @param readSize most bytes the transport reads from the socket in one call (all stream protocols; 256 KiB, as
 *     asyncio and uvloop: a 100 KiB message in one read instead of two)
 * @param readBuffer request-body bytes a handler may leave unread before reading pauses (http; 64 KiB)
 * @param writeHighWater transport write-buffer high-water mark (all; 64 KiB)
 * @param writeLowWater transport write-buffer low-water mark (all; 16 KiB)
 * @param requestLine longest HTTP request line, else 414 (http; 8 KiB)
 * @param headerBytes total HTTP header bytes, else 431 (http; 16 KiB)
 * @param headerCount HTTP header fields, else 431 (http; 100)
 * @param bodySize longest HTTP request body, else 413 (http; 1 MiB)
 * @param pipeline HTTP requests read ahead of the one being answered (http; 16)
 * @param frameLength longest JSON-RPC frame, else the connection gets -32600 and closes (rpc; 1 MiB)
 * @param inFlight JSON-RPC calls running at once per connection; more are read only when one finishes (rpc; 64)
 */
public record ListenerLimits(int maxConnections, int readSize, int readBuffer, int writeHighWater,
        int writeLowWater, int requestLine, int headerBytes, int headerCount, long bodySize, int pipeline,
        int frameLength, int inFlight) {
    public static final ListenerLimits DEFAULTS = new ListenerLimits(10_000,
            ServerOptions.DEFAULT_READ_BUFFER_SIZE, 64 * 1024, 64 * 1024, 16 * 1024,
            8 * 1024, 16 * 1024, 100, 1024 * 1024, 16, 1024 * 1024, 64);

    public ListenerLimits {
        positive("maxConnections", maxConnections);
        positive("readSize", readSize);
        positive("readBuffer", readBuffer);
        positive("writeHighWater", writeHighWater);
        if (writeLowWater < 0 || writeLowWater > writeHighWater) {
            throw new IllegalArgumentException("writeLowWater must be 0..writeHighWater (" + writeHighWater
                    + "), got " + writeLowWater);
        }
        positive("requestLine", requestLine);
        positive("headerBytes", headerBytes);
        positive("headerCount", headerCount);
        positive("bodySize", bodySize);
        positive("pipeline", pipeline);
        positive("frameLength", frameLength);
        positive("inFlight", inFlight);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }
}
