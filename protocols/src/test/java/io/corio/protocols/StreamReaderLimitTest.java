package io.corio.protocols;

import static io.corio.protocols.StreamFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamReaderLimitTest {
    private StreamFixture s;

    @AfterEach
    void tearDown() {
        s.close();
    }

    @Test
    void readUntilFailsPastTheLimitAndLeavesTheBytesBuffered() {
        s = new StreamFixture(16);
        var until = s.reader().readUntil(new byte[] {'\n'});
        s.send("x".repeat(20)).run();
        assertThatThrownBy(until::result).isInstanceOfSatisfying(LimitOverrunException.class, e -> {
            assertThat(e.consumed()).isEqualTo(20);
            assertThat(e.limit()).isEqualTo(16);
        });
        assertThat(s.reader().buffered()).isEqualTo(20);
        text(s.reader().read(20));
    }

    @Test
    void aSeparatorFoundBeyondTheLimitStillFails() {
        s = new StreamFixture(4);
        s.send("abcdef;").run();
        assertThatThrownBy(() -> s.reader().readUntil(new byte[] {';'}).result())
                .isInstanceOfSatisfying(LimitOverrunException.class, e -> assertThat(e.consumed()).isEqualTo(6));
        text(s.reader().read(-1 + 8));
    }

    @Test
    void readLinePastTheLimitFailsAndDiscardsThatLineOnly() {
        s = new StreamFixture(8);
        s.send("0123456789\nok\n").run();
        assertThatThrownBy(() -> s.reader().readLine().result()).isInstanceOf(LimitOverrunException.class);
        assertThat(s.reader().readLine().result()).isEqualTo("ok");
    }

    @Test
    void readingPausesAboveTheLimitAndResumesOnceReadsBringItBelow() {
        s = new StreamFixture(10);
        s.peer().setChunkSize(4);
        s.send("a".repeat(30)).run();
        assertThat(s.transport.isReading()).isFalse();
        assertThat(s.reader().buffered()).isEqualTo(12);
        assertThat(s.peer().writeBufferSize()).isEqualTo(18);

        text(s.reader().read(8));
        assertThat(s.transport.isReading()).isTrue();
        s.run();
        assertThat(s.reader().buffered() + s.peer().writeBufferSize()).isEqualTo(22);
        text(s.reader().read(100));
    }

    @Test
    void aReadNeedingMoreThanTheLimitResumesReading() {
        s = new StreamFixture(8);
        s.peer().setChunkSize(4);
        s.send("b".repeat(40)).run();
        assertThat(s.transport.isReading()).isFalse();
        var all = s.reader().readExactly(40);
        s.run();
        assertThat(text(all)).isEqualTo("b".repeat(40));
        assertThat(s.transport.isReading()).isTrue();
    }

    @Test
    void aLimitOverrunOnReadLineClearsTheBufferAndResumesReading() {
        s = new StreamFixture(10);
        s.peer().setChunkSize(4);
        s.send("c".repeat(16) + "\nnext\n").run();
        assertThat(s.transport.isReading()).isFalse();
        assertThatThrownBy(() -> s.reader().readLine().result()).isInstanceOf(LimitOverrunException.class);
        assertThat(s.transport.isReading()).isTrue();
        s.run();
        assertThat(s.reader().readLine().result()).isEqualTo("cccc"); // the rest of the over-long line
        assertThat(s.reader().readLine().result()).isEqualTo("next");
    }
}
