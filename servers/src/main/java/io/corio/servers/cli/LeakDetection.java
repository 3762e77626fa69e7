package io.corio.servers.cli;

import io.corio.loop.internal.BaseEventLoop;
import io.netty.util.ResourceLeakDetector;

import java.util.Map;
import java.util.Optional;

/**
 * The buffer leak detector's level for a {@code corio} process, chosen once in {@link Main#main} before the first
 * buffer is allocated. Netty's default ({@code simple}) records a stack trace for one allocation in 128; every
 * request allocates a read and a response buffer, so that sampling costs the HTTP server about 0.3 µs of its
 * ~7 µs per request (docs/performance-servers.md). Corio's own buffer handling is checked at {@code paranoid} by
 * every test, so the command runs with the detector off, and turns it on where a leak is being looked for:
 * <ul>
 *   <li>{@code -Dio.netty.leakDetection.level=...} (or the older {@code io.netty.leakDetectionLevel}) given by the
 *       user is left to Netty, which reads it;</li>
 *   <li>{@code CORIO_DEBUG=1} (or {@code -Dcorio.debug=true}), the loop's debug mode, selects {@code advanced},
 *       which reports where a leaked buffer was last touched;</li>
 *   <li>otherwise {@code disabled}.</li>
 * </ul>
 */
final class LeakDetection {
    private LeakDetection() {
    }

    /**
     * The level for a process with these system properties and environment; empty when the user set one, which
     * Netty then reads itself.
     */
    static Optional<ResourceLeakDetector.Level> choose(Map<?, ?> properties, Map<String, String> env) {
        if (properties.containsKey("io.netty.leakDetection.level")
                || properties.containsKey("io.netty.leakDetectionLevel")) {
            return Optional.empty();
        }
        Object debugProperty = properties.get("corio.debug");
        boolean debugging = BaseEventLoop.debugRequested(debugProperty == null ? null : debugProperty.toString(),
                env.get("CORIO_DEBUG"));
        return Optional.of(debugging ? ResourceLeakDetector.Level.ADVANCED : ResourceLeakDetector.Level.DISABLED);
    }

    /** Sets the level for this process. Called first thing in {@link Main#main}. */
    static void configure() {
        choose(System.getProperties(), System.getenv()).ifPresent(ResourceLeakDetector::setLevel);
    }
}
