package io.corio.transports.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak during it. Registered for every test through JUnit's
 * extension auto-detection (this module's {@code META-INF/services}, shipped in the test jar that the protocols
 * and servers modules use); the static initializer installs the recorder before any test creates a buffer.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    static {
        LeakRecorder.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LeakRecorder.assertNoLeaks();
    }
}
