package io.corio.transports.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Future;
import io.corio.loop.testing.TestLoop;
import io.corio.transports.ConnectOptions;
import io.corio.transports.Extra;
import io.corio.transports.Transport;
import io.corio.transports.support.Blackhole;
import io.corio.transports.support.EchoProtocol;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 8305 attempts on virtual time: the stagger, failing over at once, and the winner. */
class HappyEyeballsTest {
    private TestLoop loop;
    private ServerSocketChannel good;

    @BeforeEach
    void setUp() throws Exception {
        loop = TestLoop.create();
        good = ServerSocketChannel.open();
        good.bind(new InetSocketAddress("127.0.0.1", 0));   // the kernel completes connects; nobody accepts
    }

    @AfterEach
    void tearDown() throws Exception {
        good.close();
        loop.close();
    }

    private Future<Transport> connect(ConnectOptions options, SocketAddress... targets) {
        var op = new ConnectOperation(loop, EchoProtocol::new, "test", "test", options, false);
        op.start(List.of(targets));
        return op.result();
    }

    @Test
    void theNextAddressStartsAfterTheDelayWhenTheFirstDoesNotAnswer() throws Exception {
        try (var blackhole = new Blackhole("127.0.0.1")) {
            Transport t = loop.runUntilComplete(connect(ConnectOptions.DEFAULTS, blackhole.address(),
                    good.getLocalAddress()));
            assertThat(t.extra(Extra.PEER_ADDRESS)).isEqualTo(good.getLocalAddress());
            assertThat(loop.time()).isEqualTo(Duration.ofMillis(250).toNanos());
            t.abort();
        }
    }

    @Test
    void aFailedAttemptStartsTheNextAtOnce() throws Exception {
        SocketAddress refused;
        try (var probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            refused = probe.getLocalAddress();
        }
        Transport t = loop.runUntilComplete(connect(
                ConnectOptions.DEFAULTS.withHappyEyeballsDelay(Duration.ofSeconds(10)), refused,
                good.getLocalAddress()));
        assertThat(t.extra(Extra.PEER_ADDRESS)).isEqualTo(good.getLocalAddress());
        assertThat(loop.time()).isLessThan(Duration.ofSeconds(10).toNanos());
        t.abort();
    }

    @Test
    void whenEveryAttemptFailsTheErrorListsEachAddress() throws Exception {
        SocketAddress a;
        SocketAddress b;
        try (var p1 = ServerSocketChannel.open(); var p2 = ServerSocketChannel.open()) {
            p1.bind(new InetSocketAddress("127.0.0.1", 0));
            p2.bind(new InetSocketAddress("127.0.0.1", 0));
            a = p1.getLocalAddress();
            b = p2.getLocalAddress();
        }
        Future<Transport> f = connect(ConnectOptions.DEFAULTS, a, b);
        assertThatThrownBy(() -> loop.runUntilComplete(f)).isInstanceOf(ConnectException.class)
                .hasMessageContaining("connect to test failed")
                .hasMessageContaining(Resolver.describe(a)).hasMessageContaining(Resolver.describe(b));
    }

    @Test
    void addressesAlternateFamiliesStartingWithTheResolversFirst() throws Exception {
        var v6a = InetAddress.ofLiteral("::1");
        var v6b = InetAddress.ofLiteral("::2");
        var v4a = InetAddress.ofLiteral("127.0.0.1");
        var v4b = InetAddress.ofLiteral("127.0.0.2");
        assertThat(Resolver.interleave(List.of(v6a, v6b, v4a, v4b))).containsExactly(v6a, v4a, v6b, v4b);
        assertThat(Resolver.interleave(List.of(v4a, v4b, v6a))).containsExactly(v4a, v6a, v4b);
    }
}
