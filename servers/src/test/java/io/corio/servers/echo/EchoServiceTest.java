package io.corio.servers.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.servers.config.ProtocolOptions;
import io.corio.transports.ServerOptions;
import io.corio.transports.testing.MemoryTransport;
import io.corio.transports.testing.RecordingProtocol;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both echo variants without sockets: in-memory connections on a test loop, bytes and events checked exactly. */
class EchoServiceTest {
    private static final int HIGH = ServerOptions.DEFAULT_WRITE_HIGH;

    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private EchoService service(boolean streams) {
        return EchoService.create(loop, new ProtocolOptions.Echo(streams));
    }

    private MemoryTransport.Pair connect(EchoService service, RecordingProtocol client) {
        return MemoryTransport.pair(loop, service.newProtocol(), client);
    }

    private void run() {
        loop.advance(Duration.ofSeconds(1));
    }

    private static byte[] randomBytes(int n) {
        var bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void everyByteComesBackInOrder(boolean streams) {
        var client = new RecordingProtocol();
        var pair = connect(service(streams), client);
        pair.client().setChunkSize(3);

        pair.client().write("hello, ");
        pair.client().write("echo");
        run();

        assertThat(client.text()).isEqualTo("hello, echo");
        assertThat(client.isLost()).isFalse();
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void afterThePeersEofTheWholeAnswerArrivesThenTheEnd(boolean streams) {
        EchoService service = service(streams);
        var client = new RecordingProtocol();
        var pair = connect(service, client);
        byte[] sent = randomBytes(300_000);

        pair.client().write(sent);
        pair.client().writeEof();
        run();

        assertThat(client.bytes()).isEqualTo(sent);
        assertThat(client.events()).endsWith("eof", "lost");
        assertThat(service.connections()).isZero();
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void aPeerThatDoesNotReadStopsTheEchoReadingAndLosesNothing(boolean streams) {
        var client = new RecordingProtocol();
        var pair = connect(service(streams), client);
        pair.client().setChunkSize(16 * 1024); // as socket reads come
        pair.client().pauseReading();
        byte[] sent = randomBytes(1 << 20);

        pair.client().write(sent);
        run();

        assertThat(pair.server().isReading()).isFalse();
        assertThat(pair.server().writeBufferSize()).isBetween((long) HIGH, (long) HIGH + 64 * 1024);
        assertThat(pair.client().writeBufferSize()).isPositive(); // the rest waits on the sender's side
        pair.client().resumeReading();
        run();
        assertThat(client.bytes()).isEqualTo(sent);
        assertThat(pair.server().isReading()).isTrue();
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void drainAnswersWhatWasReadThenCloses(boolean streams) {
        EchoService service = service(streams);
        var client = new RecordingProtocol();
        var pair = connect(service, client);
        pair.client().setChunkSize(16 * 1024);
        pair.client().pauseReading();
        byte[] sent = randomBytes(256 * 1024);
        pair.client().write(sent);
        run();
        long unread = pair.client().writeBufferSize(); // not read by the echo when the drain starts

        Future<Void> drained = service.drain();
        pair.client().resumeReading();
        run();

        assertThat(drained.isDone()).isTrue();
        assertThat(client.isLost()).isTrue(); // reset: the echo closed with the client's unread bytes, as TCP does
        assertThat(client.size()).isEqualTo(sent.length - (int) unread);
        assertThat(client.bytes()).isEqualTo(Arrays.copyOf(sent, client.size()));
        assertThat(service.connections()).isZero();
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void drainClosesIdleConnectionsAtOnceAndRefusesNewOnes(boolean streams) {
        EchoService service = service(streams);
        var idle = new RecordingProtocol();
        connect(service, idle);
        run();
        assertThat(service.connections()).isEqualTo(1);

        Future<Void> drained = service.drain();
        run();
        var late = new RecordingProtocol();
        var latePair = connect(service, late);
        latePair.client().write("too late");
        run();

        assertThat(drained.isDone()).isTrue();
        assertThat(idle.events()).containsExactly("connectionMade", "eof", "lost");
        assertThat(late.isLost()).isTrue();
        assertThat(late.text()).isEmpty();
        assertThat(service.drain()).isSameAs(drained);
    }

    @Test
    void drainWithNoConnectionCompletesAtOnce() {
        assertThat(service(false).drain().isDone()).isTrue();
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void abortResetsEveryConnectionAndDropsUnsentBytes(boolean streams) {
        EchoService service = service(streams);
        var client = new RecordingProtocol();
        var pair = connect(service, client);
        pair.client().pauseReading();
        pair.client().write(randomBytes(200_000));
        run();

        service.abort();
        run();

        assertThat(client.isLost()).isTrue();
        assertThat(client.cause()).hasMessageContaining("reset");
        assertThat(client.size()).isZero();
        assertThat(service.connections()).isZero();
    }

    @Test
    void theOptionPicksTheVariant() {
        assertThat(service(false).newProtocol().getClass().getSimpleName()).isEqualTo("CallbackEcho");
        assertThat(service(true).newProtocol().getClass().getSimpleName()).isEqualTo("StreamEcho");
        assertThat(EchoService.create(loop).options()).isEqualTo(ProtocolOptions.Echo.DEFAULTS);
    }

    private EchoService serviceWithIdle(boolean streams, Duration idle) {
        return EchoService.create(loop, new ProtocolOptions.Echo(streams), idle);
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void aQuietConnectionIsClosedBetweenOneAndOneAndAHalfIdleTimeoutsAfterItsLastByte(boolean streams) {
        var client = new RecordingProtocol();
        var pair = connect(serviceWithIdle(streams, Duration.ofSeconds(10)), client);
        pair.client().write("hi");
        run();
        assertThat(client.text()).isEqualTo("hi");

        loop.advance(Duration.ofSeconds(13));
        assertThat(client.isLost()).as("lost after 14 s").isFalse();
        loop.advance(Duration.ofSeconds(2));
        assertThat(client.events()).endsWith("eof", "lost");   // a close: the answer was already flushed
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void aConnectionThatKeepsSendingIsNeverIdle(boolean streams) {
        var client = new RecordingProtocol();
        var pair = connect(serviceWithIdle(streams, Duration.ofSeconds(10)), client);
        for (int i = 0; i < 10; i++) {
            pair.client().write("x");
            loop.advance(Duration.ofSeconds(4));
        }
        assertThat(client.isLost()).isFalse();
        assertThat(client.text()).isEqualTo("x".repeat(10));
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void aPeerThatReadsNoneOfItsAnswersIsAbortedAtTheIdleTimeoutAndItsQueueDropped(boolean streams) {
        var client = new RecordingProtocol();
        var pair = connect(serviceWithIdle(streams, Duration.ofSeconds(10)), client);
        pair.client().setChunkSize(16 * 1024);
        pair.client().pauseReading();
        pair.client().write(randomBytes(1 << 20));
        run();
        assertThat(pair.server().writeBufferSize()).isGreaterThan(HIGH);

        loop.advance(Duration.ofSeconds(15));
        assertThat(client.isLost()).isTrue();
        assertThat(pair.server().writeBufferSize()).isZero();
        assertThat(client.events()).doesNotContain("eof");    // aborted, not closed after a flush
    }

    @ParameterizedTest(name = "streams={0}")
    @ValueSource(booleans = {false, true})
    void withoutAnIdleTimeoutAQuietConnectionStaysOpen(boolean streams) {
        var client = new RecordingProtocol();
        connect(service(streams), client);
        loop.advance(Duration.ofHours(1));
        assertThat(client.isLost()).isFalse();
    }
}
