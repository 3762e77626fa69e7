package io.corio.protocols;

import static io.corio.protocols.StreamFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.CancelledException;
import io.corio.loop.InvalidStateException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamReaderTest {
    private StreamFixture s;

    @AfterEach
    void tearDown() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void readLineStripsLineEndingsAndReturnsTheLastLineThenNullAtEof() {
        s = new StreamFixture();
        s.send("a\nb\r\nlast").run();
        s.peer().close();
        s.run();
        assertThat(s.reader().readLine().result()).isEqualTo("a");
        assertThat(s.reader().readLine().result()).isEqualTo("b");
        assertThat(s.reader().readLine().result()).isEqualTo("last");
        assertThat(s.reader().readLine().result()).isNull();
        assertThat(s.reader().atEof()).isTrue();
    }

    @Test
    void readLineCompletesOnlyWhenTheWholeLineHasArrived() {
        s = new StreamFixture();
        s.peer().setChunkSize(1);
        var line = s.reader().readLine();
        s.send("héllo").run();
        assertThat(line.isDone()).isFalse();
        s.send("\r\n").run();
        assertThat(line.result()).isEqualTo("héllo");
        assertThat(s.reader().buffered()).isZero();
    }

    @Test
    void readUntilReturnsTheBytesIncludingAMultiByteSeparatorSplitAcrossChunks() {
        s = new StreamFixture();
        s.peer().setChunkSize(3);
        var head = s.reader().readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.send("Host: x\r\n\r\nbody").run();
        assertThat(text(head)).isEqualTo("Host: x\r\n\r\n");
        assertThat(s.reader().buffered()).isEqualTo(4);
    }

    @Test
    void readExactlyWaitsForEveryByteAndLeavesTheRest() {
        s = new StreamFixture();
        s.peer().setChunkSize(2);
        var five = s.reader().readExactly(5);
        s.send("abc").run();
        assertThat(five.isDone()).isFalse();
        s.send("defg").run();
        assertThat(text(five)).isEqualTo("abcde");
        assertThat(text(s.reader().readExactly(2))).isEqualTo("fg");
    }

    @Test
    void readExactlyFailsWithTheBytesThatCameWhenTheStreamEnds() {
        s = new StreamFixture();
        var ten = s.reader().readExactly(10);
        s.send("abc").run();
        s.peer().close();
        s.run();
        assertThatThrownBy(ten::result).isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(new String(e.partial(), StandardCharsets.US_ASCII)).isEqualTo("abc");
            assertThat(e.expected()).isEqualTo(10);
        });
        assertThat(s.reader().atEof()).isTrue();
    }

    @Test
    void readUntilFailsWithIncompleteReadWhenTheStreamEndsWithoutTheSeparator() {
        s = new StreamFixture();
        s.send("no separator").run();
        s.peer().close();
        s.run();
        assertThatThrownBy(() -> s.reader().readUntil(new byte[] {';'}).result())
                .isInstanceOfSatisfying(IncompleteReadException.class, e -> assertThat(e.expected()).isEqualTo(-1));
    }

    @Test
    void readReturnsAtMostNBufferedBytesThenAnEmptyBufferAtEof() {
        s = new StreamFixture();
        var first = s.reader().read(3);
        s.send("hello").run();
        assertThat(text(first)).isEqualTo("hel");
        assertThat(text(s.reader().read(100))).isEqualTo("lo");
        s.peer().close();
        s.run();
        assertThat(text(s.reader().read(100))).isEmpty();
    }

    @Test
    void readMinusOneReturnsEverythingUntilEof() {
        s = new StreamFixture();
        s.peer().setChunkSize(4);
        var all = s.reader().read(-1);
        s.send("0123456789").run();
        assertThat(all.isDone()).isFalse();
        s.peer().close();
        s.run();
        assertThat(text(all)).isEqualTo("0123456789");
    }

    @Test
    void atEofIsFalseUntilTheEndIsReachedAndEveryByteRead() {
        s = new StreamFixture();
        s.send("x").run();
        assertThat(s.reader().atEof()).isFalse();
        s.peer().close();
        s.run();
        assertThat(s.reader().atEof()).isFalse();
        text(s.reader().read(1));
        assertThat(s.reader().atEof()).isTrue();
    }

    @Test
    void aSecondReadWhileOneIsWaitingIsRejected() {
        s = new StreamFixture();
        var first = s.reader().readLine();
        assertThatThrownBy(() -> s.reader().read(1)).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("only one task");
        s.send("ok\n").run();
        assertThat(first.result()).isEqualTo("ok");
    }

    @Test
    void cancellingAWaitingReadKeepsTheBufferedBytesForTheNextRead() {
        s = new StreamFixture();
        var task = s.loop.createTask(() -> s.reader().readLine().await());
        s.send("par").run();
        task.cancel();
        s.run();
        assertThat(task.isCancelled()).isTrue();
        s.send("tial\n").run();
        assertThat(s.reader().readLine().result()).isEqualTo("partial");
    }

    @Test
    void aConnectionErrorFailsTheWaitingReadAndEveryLaterRead() {
        s = new StreamFixture();
        var line = s.reader().readLine();
        s.send("unfinished").run();
        s.peer().abort();
        s.run();
        assertThatThrownBy(line::result).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> s.reader().read(1).result()).isInstanceOf(SocketException.class);
        assertThat(s.reader().buffered()).isZero();
    }

    @Test
    void bytesFollowedByACleanCloseStayReadable() {
        s = new StreamFixture();
        s.send("bye\n").run();
        s.peer().close();
        s.run();
        assertThat(s.transport.isClosing()).isFalse(); // this side keeps its write side open after EOF
        assertThat(s.reader().readLine().result()).isEqualTo("bye");
    }

    @Test
    void aCancelledTaskLeavesNoReadPending() {
        s = new StreamFixture();
        var task = s.loop.createTask(() -> s.reader().readExactly(4).await());
        s.run();
        task.cancel();
        s.run();
        assertThatThrownBy(task::result).isInstanceOf(CancelledException.class);
        var next = s.reader().readExactly(4);
        s.send("four").run();
        assertThat(text(next)).isEqualTo("four");
    }
}
