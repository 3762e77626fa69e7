package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.ErrorContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamHandlerTest {
    private StreamFixture s;

    @AfterEach
    void tearDown() {
        s.close();
    }

    private static final StreamHandler UPPER = (reader, writer) -> {
        String line;
        while ((line = reader.readLine().await()) != null) {
            writer.send(line.toUpperCase() + "\n").await();
        }
    };

    @Test
    void theHandlerServesTheConnectionAsACoroutine() {
        s = new StreamFixture(StreamReader.DEFAULT_LIMIT, UPPER);
        s.peer().setChunkSize(3);
        s.send("hello\nworld\n").run();
        assertThat(s.recorder().text()).isEqualTo("HELLO\nWORLD\n");
    }

    @Test
    void theWriterIsClosedWhenTheHandlerReturns() {
        s = new StreamFixture(StreamReader.DEFAULT_LIMIT, UPPER);
        s.send("bye\n").run();
        s.peer().writeEof();
        s.run();
        assertThat(s.recorder().text()).isEqualTo("BYE\n");
        assertThat(s.recorder().eofSeen()).isTrue();
        assertThat(s.transport.isClosing()).isTrue();
    }

    @Test
    void aHandlerExceptionGoesToTheLoopExceptionHandlerAndClosesTheWriter() {
        List<ErrorContext> errors = new ArrayList<>();
        s = new StreamFixture(StreamReader.DEFAULT_LIMIT, (reader, writer) -> {
            writer.write("partial reply ");
            throw new IllegalStateException("boom after " + reader.readLine().await());
        });
        s.loop.setExceptionHandler((loop, context) -> errors.add(context));
        s.send("request\nunread bytes").run();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.exception()).hasMessage("boom after request");
            assertThat(e.transport()).isSameAs(s.transport);
        });
        assertThat(s.recorder().text()).isEqualTo("partial reply ");
        assertThat(s.transport.isClosing()).isTrue();
        assertThat(s.reader().buffered()).isZero();
    }
}
