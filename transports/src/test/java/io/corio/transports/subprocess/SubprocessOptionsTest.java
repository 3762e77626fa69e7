package io.corio.transports.subprocess;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.EventLoop;
import io.corio.transports.Stdio;
import io.corio.transports.SubprocessOptions;
import io.corio.transports.Subprocesses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad options and arguments are refused at once, with a message that says what is wrong. */
class SubprocessOptionsTest {
    @Test
    void stdoutRedirectionIsOnlyForStderr() {
        assertThatThrownBy(() -> SubprocessOptions.DEFAULTS.withStdin(Stdio.STDOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only for stderr");
        assertThatThrownBy(() -> SubprocessOptions.DEFAULTS.withStdout(Stdio.STDOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stdout=STDOUT");
    }

    @Test
    void aFileRedirectionNeedsAFileAndOthersRefuseOne() {
        assertThatThrownBy(() -> new Stdio(Stdio.Kind.FILE, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FILE");
        assertThatThrownBy(() -> new Stdio(Stdio.Kind.PIPE, Path.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PIPE with file x");
    }

    @Test
    void environmentNamesWithEqualsSignsAreRefused() {
        assertThatThrownBy(() -> new SubprocessOptions(null, Map.of("A=B", "1"), Set.of(), Stdio.PIPE, Stdio.PIPE,
                Stdio.PIPE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'A=B'");
    }

    @Test
    void anEmptyArgvAndABadFdAreRefused() {
        try (EventLoop loop = EventLoop.create()) {
            assertThatThrownBy(() -> Subprocesses.exec(loop, List.of(), SubprocessOptions.DEFAULTS,
                    () -> new ChildRecorder(loop))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("argv");
            var r = new ChildRecorder(loop);
            var t = loop.runUntilComplete(Subprocesses.shell(loop, "exit 0", SubprocessOptions.DEFAULTS, () -> r));
            assertThatThrownBy(() -> t.pipeTransport(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 3");
            loop.runUntilComplete(r.lost);
        }
    }
}
