package io.corio.transports.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.transports.Buffers;
import org.junit.jupiter.api.Test;

class LeakRecorderTest {
    @Test
    void aBufferDroppedWithoutReleaseIsReportedAsALeak() {
        leakOne();
        assertThatThrownBy(LeakRecorder::assertNoLeaks)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("leak");
    }

    @Test
    void releasedBuffersAreNotReported() {
        Buffers.allocator().directBuffer(64).writeInt(1).release();
        LeakRecorder.assertNoLeaks();
    }

    private static void leakOne() {
        Buffers.allocator().directBuffer(64).writeLong(42);
    }
}
