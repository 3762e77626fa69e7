package com.example.corio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.testing.TestLoop;
import io.corio.transports.testing.MemoryTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example protocol of examples/custom-protocol (this is a copy of its class, kept here so that the launcher's
 * tests can load it by name), in memory.
 */
class UpperCaseProtocolTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void eachLineComesBackInUpperCaseAfterThePrefixEvenWhenSplit() {
        MemoryTransport t = MemoryTransport.open(loop, new UpperCaseProtocol(Map.of("prefix", "> ")));
        t.peerTransport().setChunkSize(3);

        t.peer().transport().write("hello\r\nwörld\npartial");
        loop.advance(Duration.ofSeconds(1));

        assertThat(t.peer().text()).isEqualTo("> HELLO\n> WÖRLD\n");
    }

    @Test
    void aLastLineWithoutNewlineIsAnsweredAtTheEndThenTheConnectionCloses() {
        MemoryTransport t = MemoryTransport.open(loop, new UpperCaseProtocol());

        t.peer().transport().write("one\ntwo");
        t.peer().transport().writeEof();
        loop.advance(Duration.ofSeconds(1));

        assertThat(t.peer().text()).isEqualTo("ONE\nTWO\n");
        assertThat(t.peer().events()).endsWith("eof", "lost");
    }

    @Test
    void aTooLongLineGetsAnErrorLineAndTheConnectionCloses() {
        MemoryTransport t = MemoryTransport.open(loop, new UpperCaseProtocol());

        t.peer().transport().write("x".repeat(UpperCaseProtocol.MAX_LINE + 1));
        loop.advance(Duration.ofSeconds(1));

        assertThat(t.peer().text()).isEqualTo("error: line longer than 8192 bytes\n");
        assertThat(t.peer().isLost()).isTrue();
    }

    @Test
    void thisCopyIsTheExampleProjectsClassWordForWord() throws Exception {
        String name = "com/example/corio/UpperCaseProtocol.java";
        Path example = Path.of("..", "examples", "custom-protocol", "src", "main", "java").resolve(name);
        Path copy = Path.of("src", "test", "java").resolve(name); // surefire runs in the module directory

        assertThat(Files.readString(copy)).isEqualTo(Files.readString(example));
    }

    @Test
    void aPrefixThatIsNotAStringIsRefusedWhenTheProtocolIsMade() {
        assertThatThrownBy(() -> new UpperCaseProtocol(Map.of("prefix", 42)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("option prefix must be a string, got 42");
    }
}
