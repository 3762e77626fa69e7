package io.corio.transports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.InvalidStateException;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.support.EchoProtocol;
import io.netty.buffer.ByteBuf;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryTransportTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void anEchoAnswersWithoutSockets() {
        var recorder = new RecordingProtocol();
        var pair = MemoryTransport.pair(loop, new EchoProtocol(), recorder);
        pair.client().write("ping");
        loop.advance(Duration.ofSeconds(30));
        assertThat(recorder.text()).isEqualTo("ping");
    }

    @Test
    void chunkSizeSplitsDeliveries() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.peerTransport().setChunkSize(3);
        t.peerTransport().write("abcdefgh");
        loop.runReady();
        var server = (RecordingProtocol) t.protocol();
        assertThat(server.text()).isEqualTo("abcdefgh");
        assertThat(server.events()).containsExactly("connectionMade", "data:3", "data:3", "data:2");
    }

    @Test
    void pausedReaderMakesTheWriterPauseStrictlyAboveHighAndResumeAtLow() {
        var server = new RecordingProtocol();
        var t = MemoryTransport.open(loop, server);
        var client = t.peerTransport();
        client.setWriteBufferLimits(10, 4);
        t.pauseReading();
        client.write(new byte[10]);
        loop.runReady();
        assertThat(t.peer().events()).doesNotContain("pauseWriting");
        client.write(new byte[1]);
        loop.runReady();
        assertThat(t.peer().events()).containsOnlyOnce("pauseWriting");
        assertThat(client.writeBufferSize()).isEqualTo(11);
        t.resumeReading();
        loop.runReady();
        assertThat(server.size()).isEqualTo(11);
        assertThat(t.peer().events()).containsSubsequence("pauseWriting", "resumeWriting");
    }

    @Test
    void writeEofDeliversEofAndHalfCloseKeepsTheOtherDirection() {
        var server = new RecordingProtocol().keepOpenOnEof();
        var t = MemoryTransport.open(loop, server);
        t.peerTransport().write("last");
        t.peerTransport().writeEof();
        assertThatThrownBy(() -> t.peerTransport().write("more")).isInstanceOf(InvalidStateException.class);
        loop.runReady();
        assertThat(server.eofSeen()).isTrue();
        t.write("reply");
        t.close();
        loop.runReady();
        assertThat(t.peer().text()).isEqualTo("reply");
        assertThat(server.lostCalls()).isEqualTo(1);
        assertThat(t.peer().lostCalls()).isEqualTo(1);
    }

    @Test
    void abortDropsBufferedDataAndResetsThePeer() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.write("never delivered");
        t.abort();
        loop.runReady();
        assertThat(t.peer().size()).isZero();
        assertThat(t.peer().events()).containsExactly("connectionMade", "lost:SocketException");
        assertThat(t.peer().cause()).isInstanceOf(SocketException.class).hasMessage("Connection reset by peer");
        assertThat(((RecordingProtocol) t.protocol()).cause()).isNull();
    }

    @Test
    void aThrowingCallbackIsReportedAndLosesTheConnectionWithItsCause() {
        var reported = new java.util.ArrayList<Throwable>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx.exception()));
        var boom = new IllegalStateException("boom");
        var recorder = new RecordingProtocol() {
            @Override
            public void dataReceived(ByteBuf data) {
                throw boom;
            }
        };
        var t = MemoryTransport.open(loop, recorder);
        t.peerTransport().write("x");
        loop.runReady();
        assertThat(reported).containsExactly(boom);
        assertThat(recorder.cause()).isSameAs(boom);
        assertThat(recorder.lostCalls()).isEqualTo(1);
        assertThat(t.peer().cause()).isInstanceOf(SocketException.class);
    }

    @Test
    void writesAfterCloseAreDroppedAndReleased() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.close();
        var buf = io.corio.transports.Buffers.utf8("late");
        t.write(buf);
        assertThat(buf.refCnt()).isZero();
        loop.runReady();
        assertThat(t.peer().size()).isZero();
    }
}
