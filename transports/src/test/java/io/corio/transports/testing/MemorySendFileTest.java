package io.corio.transports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.ClosedResourceException;
import io.corio.loop.Future;
import io.corio.loop.InvalidStateException;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.Buffers;
import io.corio.transports.Protocol;
import io.corio.transports.Transport;
import io.corio.transports.internal.ChunkedFileSender;
import io.corio.transports.support.TestFiles;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chunked {@code sendFile} fallback, without sockets: the memory transport on a test loop. */
class MemorySendFileTest {
    private final TestLoop loop = TestLoop.create();
    private final TestFiles file = TestFiles.random(1024 * 1024 + 5);

    @AfterEach
    void close() throws IOException {
        loop.close();
        file.close();
    }

    @Test
    void aFileBetweenTwoWritesArrivesInOrderInChunksOfAtMost64KiB() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.write("<");
        Future<Long> sent = t.sendFile(file.channel(), 0, file.size());
        t.write(">");
        loop.runReady();
        assertThat(sent.result()).isEqualTo(file.size());
        assertThat(t.peer().bytes()).isEqualTo(file.framed("<", 0, file.size(), ">"));
        assertThat(t.peer().events()).filteredOn(e -> e.startsWith("data:"))
                .allSatisfy(e -> assertThat(Integer.parseInt(e.substring(5))).isLessThanOrEqualTo(64 * 1024));
    }

    @Test
    void aReaderThatPausesBoundsWhatIsReadFromTheFile() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.peerTransport().pauseReading();
        Future<Long> sent = t.sendFile(file.channel(), 0, file.size());
        t.write("after");
        loop.runReady();
        assertThat(sent.isDone()).isFalse();
        assertThat(t.writeBufferSize()).isLessThanOrEqualTo(t.writeBufferHigh() + ChunkedFileSender.CHUNK);
        t.peerTransport().resumeReading();
        loop.runReady();
        assertThat(sent.result()).isEqualTo(file.size());
        assertThat(t.peer().bytes()).isEqualTo(file.framed("", 0, file.size(), "after"));
    }

    @Test
    void closeWaitsForTheFileThenThePeerSeesEof() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        Future<Long> sent = t.sendFile(file.channel(), 10, 300_000);
        t.close();
        assertThat(t.isClosing()).isTrue();
        loop.runReady();
        assertThat(sent.result()).isEqualTo(300_000);
        assertThat(t.peer().bytes()).isEqualTo(file.framed("", 10, 300_000, ""));
        assertThat(t.peer().events()).containsSubsequence("eof", "lost");
    }

    @Test
    void abortFailsTheFileAndReleasesTheWritesHeldBehindIt() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.peerTransport().pauseReading();
        Future<Long> sent = t.sendFile(file.channel(), 0, file.size());
        ByteBuf held = Buffers.utf8("held");
        t.write(held);
        assertThat(held.refCnt()).isOne();
        t.abort();
        loop.runReady();
        assertThatThrownBy(sent::result).isInstanceOf(ClosedResourceException.class);
        assertThat(held.refCnt()).isZero();
        assertThat(file.channel().isOpen()).isTrue();
    }

    /** A transport that does not implement sendFile (a proxy over a memory transport) gets the interface default. */
    @Test
    void aTransportWithoutItsOwnSendFileFallsBackThroughItsProtocolAndRestoresIt() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        Protocol app = t.protocol();
        Transport plain = (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(),
                new Class<?>[]{Transport.class}, (proxy, method, args) -> method.getName().equals("sendFile")
                        ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(t, args));
        t.peerTransport().pauseReading();
        Future<Long> sent = plain.sendFile(file.channel(), 0, file.size());
        loop.runReady();
        assertThat(sent.isDone()).isFalse();
        assertThat(t.protocol()).isNotSameAs(app);
        assertThat(t.writeBufferSize()).isLessThanOrEqualTo(t.writeBufferHigh() + ChunkedFileSender.CHUNK);
        t.peerTransport().resumeReading();
        loop.runReady();
        assertThat(sent.result()).isEqualTo(file.size());
        assertThat(t.peer().bytes()).isEqualTo(file.content());
        assertThat(t.protocol()).isSameAs(app);
    }

    @Test
    void sendFileAfterWriteEofThrowsAndOnAClosedTransportFails() {
        var t = MemoryTransport.open(loop, new RecordingProtocol());
        t.writeEof();
        assertThatThrownBy(() -> t.sendFile(file.channel(), 0, 1)).isInstanceOf(InvalidStateException.class);
        t.abort();
        assertThatThrownBy(t.sendFile(file.channel(), 0, 1)::result).isInstanceOf(ClosedResourceException.class);
        loop.runReady();
    }
}
