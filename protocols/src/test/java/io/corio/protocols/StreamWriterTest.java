package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.BrokenResourceException;
import io.corio.loop.ClosedResourceException;
import io.corio.transports.Extra;
import io.corio.transports.testing.MemoryAddress;
import java.net.SocketException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamWriterTest {
    private final StreamFixture s = new StreamFixture();

    @AfterEach
    void tearDown() {
        s.close();
    }

    @Test
    void drainCompletesAtOnceWhileTheBufferIsNotOverTheHighMark() {
        s.transport.setWriteBufferLimits(8, 4);
        s.writer().write("12345678");
        assertThat(s.writer().drain().isDone()).isTrue();
        s.run();
        assertThat(s.recorder().text()).isEqualTo("12345678");
    }

    @Test
    void drainWaitsOverTheHighMarkUntilThePeerReadsDownToTheLowMark() {
        s.transport.setWriteBufferLimits(8, 4);
        s.peer().pauseReading();
        var drained = s.writer().send("123456789");
        s.run();
        assertThat(drained.isDone()).isFalse();
        assertThat(s.transport.writeBufferSize()).isEqualTo(9);
        s.peer().resumeReading();
        s.run();
        assertThat(drained.isDone()).isTrue();
        assertThat(drained.exception()).isNull();
        assertThat(s.recorder().text()).isEqualTo("123456789");
    }

    @Test
    void cancellingOneDrainLeavesTheOthersWaiting() {
        s.transport.setWriteBufferLimits(0, 0);
        s.peer().pauseReading();
        var first = s.writer().send("x");
        var second = s.writer().drain();
        s.run();
        first.cancel();
        s.peer().resumeReading();
        s.run();
        assertThat(second.isDone()).isTrue();
        assertThat(second.isCancelled()).isFalse();
    }

    @Test
    void aWaitingDrainFailsWithTheConnectionError() {
        s.transport.setWriteBufferLimits(4, 0);
        s.peer().pauseReading();
        var drained = s.writer().send("more than four");
        s.run();
        s.peer().abort();
        s.run();
        assertThatThrownBy(drained::result).isInstanceOf(SocketException.class);
        assertThatThrownBy(() -> s.writer().drain().result()).isInstanceOf(SocketException.class);
    }

    @Test
    void drainAfterTheWriterClosedFailsAsClosed() {
        s.writer().close();
        s.run();
        assertThatThrownBy(() -> s.writer().drain().result()).isInstanceOf(ClosedResourceException.class);
    }

    @Test
    void drainAfterThePeerClosedTheConnectionFailsAsBroken() {
        s.peer().close();
        s.run();
        s.writer().write("to nobody"); // the peer's socket is closed: a reset comes back
        s.run();
        assertThatThrownBy(() -> s.writer().drain().result())
                .isInstanceOfAny(SocketException.class, BrokenResourceException.class);
    }

    @Test
    void waitClosedCompletesWhenTheConnectionIsLost() {
        var closed = s.writer().waitClosed();
        s.writer().write("last words");
        s.writer().close();
        assertThat(s.writer().isClosing()).isTrue();
        assertThat(closed.isDone()).isFalse();
        s.run();
        assertThat(closed.isDone()).isTrue();
        assertThat(closed.exception()).isNull();
        assertThat(s.recorder().text()).isEqualTo("last words");
        assertThat(s.recorder().eofSeen()).isTrue();
    }

    @Test
    void writeEofHalfClosesWhileTheReaderGoesOn() {
        assertThat(s.writer().canWriteEof()).isTrue();
        s.recorder().keepOpenOnEof();
        s.writer().write(new byte[] {'q', '?'});
        s.writer().writeEof();
        s.run();
        assertThat(s.recorder().text()).isEqualTo("q?");
        assertThat(s.recorder().eofSeen()).isTrue();
        s.send("answer\n").run();
        assertThat(s.reader().readLine().result()).isEqualTo("answer");
    }

    @Test
    void extraAndTransportComeFromTheTransport() {
        assertThat(s.writer().transport()).isSameAs(s.transport);
        assertThat(s.writer().extra(Extra.PEER_ADDRESS)).isInstanceOf(MemoryAddress.class);
    }
}
