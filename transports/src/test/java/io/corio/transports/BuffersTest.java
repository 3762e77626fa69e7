package io.corio.transports;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class BuffersTest {
    @Test
    void directBuffersStartOnACacheLineWhenTheJvmAllowsUnsafe() {
        // The test JVM runs with --sun-misc-unsafe-memory-access=allow, as bin/corio does (pom.xml corio.jvmFlags).
        assertThat(Buffers.aligned()).isTrue();
        for (int size : new int[] {16, 1000, 1024, 10_240, 65_536, 102_400, 1 << 20}) {
            ByteBuf buf = Buffers.allocator().directBuffer(size);
            try {
                assertThat(buf.memoryAddress() % 64).as("address of a %d-byte buffer, mod 64", size).isZero();
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void helpersCopyAndDecodeUtf8() {
        ByteBuf text = Buffers.utf8("žluťoučký");
        ByteBuf bytes = Buffers.copyOf(new byte[] {'o', 'k'});
        try {
            assertThat(text.isDirect()).isTrue();
            assertThat(Buffers.text(text)).isEqualTo("žluťoučký");
            assertThat(text.readableBytes()).isEqualTo(13);
            assertThat(Buffers.text(bytes)).isEqualTo("ok");
        } finally {
            text.release();
            bytes.release();
        }
    }
}
