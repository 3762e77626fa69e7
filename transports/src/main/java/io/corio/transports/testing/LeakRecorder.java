package io.corio.transports.testing;

import io.corio.transports.Buffers;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects Netty's buffer leak reports so that a test run can fail on them instead of only logging them.
 * {@link #install()} must run before the first {@code ByteBuf} class is initialised (Corio's test suites do it
 * from a JUnit extension); {@link #assertNoLeaks()} collects garbage, makes the detector look, and throws if any
 * leak was reported since the last check. Run tests with {@code -Dio.netty.leakDetection.level=paranoid} so
 * that every buffer is tracked. Any thread.
 */
public final class LeakRecorder {
    private static final List<String> REPORTS = new ArrayList<>();
    private static boolean installed;

    private LeakRecorder() {
    }

    /**
     * Routes the leak reports of every detector created from now on to this recorder. Idempotent. Detectors
     * created before (Netty makes the buffer detector when {@code AbstractByteBuf} is initialised) keep logging
     * only, so install first.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                      long maxActive) {
                var detector = new ResourceLeakDetector<T>(resource, samplingInterval, maxActive);
                detector.setLeakListener(LeakRecorder::record);
                return detector;
            }
        });
        installed = true;
    }

    private static synchronized void record(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + " was garbage-collected without release()" + records);
    }

    /** Reports collected since the last {@link #drain()} or check, and forgets them. */
    public static synchronized List<String> drain() {
        var copy = List.copyOf(REPORTS);
        REPORTS.clear();
        return copy;
    }

    /**
     * Collects garbage twice, allocates and frees a few buffers (the detector reports when a buffer is tracked),
     * and throws an {@link AssertionError} listing the leaks reported since the last check.
     */
    public static void assertNoLeaks() {
        for (int round = 0; round < 2; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 8; i++) {
                Buffers.allocator().directBuffer(16).release();
                Buffers.allocator().heapBuffer(16).release();
            }
        }
        List<String> leaks = drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) reported:\n" + String.join("\n\n", leaks));
        }
    }
}
