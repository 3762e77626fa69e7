package io.corio.transports.subprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.EventLoop;
import io.corio.transports.Stdio;
import io.corio.transports.SubprocessOptions;
import io.corio.transports.SubprocessTransport;
import io.corio.transports.Subprocesses;
import io.corio.transports.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real children (sh, cat, head, sleep, dd) through the callback API. */
class SubprocessTransportTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private ChildRecorder run(String command, SubprocessOptions options) {
        var recorder = new ChildRecorder(loop);
        loop.runUntilComplete(() -> {
            Subprocesses.shell(loop, command, options, () -> recorder).await();
            return recorder.lost.await();
        });
        return recorder;
    }

    @Test
    void exitCodeAndOutputArriveBeforeProcessExitedThenConnectionLost() {
        var r = run("printf out; printf err >&2; exit 3", SubprocessOptions.DEFAULTS);
        assertThat(r.out()).isEqualTo("out");
        assertThat(r.stderr.toString()).isEqualTo("err");
        assertThat(r.events).startsWith("made").endsWith("exited 3", "pipeLost 0", "lost");
        assertThat(r.events.subList(1, 3)).containsExactlyInAnyOrder("pipeLost 1", "pipeLost 2");
        assertThat(r.transport.returnCode()).hasValue(3);
    }

    @Test
    void outputWrittenJustBeforeExitIsNotLost() {
        var r = run("dd if=/dev/zero bs=1M count=8 2>/dev/null", SubprocessOptions.DEFAULTS);
        assertThat(r.stdout.size()).isEqualTo(8 << 20);
        assertThat(r.exited.result()).isZero();
    }

    @Test
    void terminateEndsTheChildWith143() {
        var r = new ChildRecorder(loop);
        int code = loop.runUntilComplete(() -> {
            SubprocessTransport t = Subprocesses.exec(loop, List.of("sleep", "30"), SubprocessOptions.DEFAULTS,
                    () -> r).await();
            assertThat(t.terminate()).isTrue();
            return r.exited.await();
        });
        assertThat(code).isEqualTo(143);
        assertThat(r.transport.terminate()).isFalse();
    }

    @Test
    void aChildThatNeverReadsStdinPausesWritingAndKillEndsIt() {
        var r = new ChildRecorder(loop);
        int code = loop.runUntilComplete(() -> {
            SubprocessTransport t = Subprocesses.exec(loop, List.of("sleep", "5"), SubprocessOptions.DEFAULTS,
                    () -> r).await();
            Transport stdin = t.pipeTransport(0);
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 32 && r.pauses == 0; i++) {
                stdin.write(chunk);
                Async.sleep(Duration.ofMillis(5));
            }
            assertThat(r.pauses).isEqualTo(1);
            assertThat(stdin.writeBufferSize()).isLessThan(4L << 20); // bounded: the kernel pipe holds 64 KiB
            t.kill();
            return r.exited.await();
        });
        assertThat(code).isEqualTo(137);
    }

    @Test
    void aChildThatClosesItsStdinReportsBrokenResourceOnPipeZero() {
        var r = new ChildRecorder(loop);
        int code = loop.runUntilComplete(() -> {
            SubprocessTransport t = Subprocesses.shell(loop, "exec <&-; exec sleep 5", SubprocessOptions.DEFAULTS,
                    () -> r).await();
            byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 200 && r.stdinCause == null; i++) {
                t.pipeTransport(0).write(chunk);
                Async.sleep(Duration.ofMillis(5));
            }
            t.kill();
            return r.exited.await();
        });
        assertThat(r.stdinCause).isInstanceOf(BrokenResourceException.class).hasMessageContaining("closed its stdin");
        assertThat(code).isEqualTo(137);
        assertThat(r.events.indexOf("pipeLost 0")).isLessThan(r.events.indexOf("exited 137"));
    }

    @Test
    void environmentAndDirectoryReachTheChild(@TempDir Path dir) throws IOException {
        var options = SubprocessOptions.DEFAULTS.withCwd(dir).withEnv("CORIO_X", "42").withoutEnv("HOME");
        var r = run("echo \"$CORIO_X ${HOME-unset} $(pwd -P)\"", options);
        assertThat(r.out()).isEqualTo("42 unset " + dir.toRealPath() + "\n");
    }

    @Test
    void stderrCanJoinStdoutAndOutputCanBeDiscardedOrSentToAFile(@TempDir Path dir) throws IOException {
        var joined = run("echo a; echo b >&2", SubprocessOptions.DEFAULTS.withStderr(Stdio.STDOUT));
        assertThat(joined.out()).isEqualTo("a\nb\n");
        assertThat(joined.transport.pipeTransport(2)).isNull();

        Path file = dir.resolve("out.txt");
        var redirected = run("echo to-file; echo gone >&2",
                SubprocessOptions.DEFAULTS.withStdout(Stdio.file(file)).withStderr(Stdio.DISCARD));
        assertThat(Files.readString(file)).isEqualTo("to-file\n");
        assertThat(redirected.events).containsExactly("made", "exited 0", "pipeLost 0", "lost");
    }

    @Test
    void aMissingProgramFailsTheFutureWithIOException() {
        var f = Subprocesses.exec(loop, List.of("/nonexistent/prog"), SubprocessOptions.DEFAULTS,
                () -> new ChildRecorder(loop));
        loop.runUntilComplete(() -> {
            try {
                f.await();
            } catch (Exception expected) {
                return null;
            }
            throw new AssertionError("expected the start to fail");
        });
        assertThat(f.exception()).isInstanceOf(IOException.class).hasMessageContaining("/nonexistent/prog");
    }

    @Test
    void closingTheLoopKillsAndReapsARunningChild() {
        var r = new ChildRecorder(loop);
        SubprocessTransport t = loop.runUntilComplete(Subprocesses.exec(loop, List.of("sleep", "30"),
                SubprocessOptions.DEFAULTS, () -> r));
        Path proc = Path.of("/proc", Long.toString(t.pid()));
        assertThat(proc).exists();
        loop.close();
        assertThat(proc).doesNotExist(); // killed and waited for: no zombie left
    }

    @Test
    void closeKillsTheChildAndEndsWithProcessExitedThenConnectionLost() {
        var r = new ChildRecorder(loop);
        loop.runUntilComplete(() -> {
            SubprocessTransport t = Subprocesses.exec(loop, List.of("yes"), SubprocessOptions.DEFAULTS, () -> r)
                    .await();
            Async.sleep(Duration.ofMillis(50));
            t.close();
            return r.lost.await();
        });
        assertThat(r.exited.result()).isIn(137, 141); // SIGKILL, or SIGPIPE if yes wrote to the closed pipe first
        assertThat(r.events.getLast()).isEqualTo("lost");
        assertThat(r.events).contains("pipeLost 0", "pipeLost 1", "pipeLost 2");
    }

    @Test
    void closingTheLoopWithOutputQueuedReleasesItAndReapsTheChild() {
        var r = new ChildRecorder(loop) {
            @Override
            public void pipeDataReceived(int fd, io.netty.buffer.ByteBuf data) {
                transport.pipeTransport(fd).pauseReading(); // leave the next chunks queued
            }
        };
        SubprocessTransport t = loop.runUntilComplete(() -> {
            SubprocessTransport started = Subprocesses.exec(loop, List.of("yes"), SubprocessOptions.DEFAULTS,
                    () -> r).await();
            Async.sleep(Duration.ofMillis(100));
            return started;
        });
        assertThat(t.pipeTransport(1).isReading()).isFalse();
        loop.close(); // the leak check at the end of the class fails if a queued chunk is not released
        assertThat(Path.of("/proc", Long.toString(t.pid()))).doesNotExist();
    }

    @Test
    void childrenGetTheParentDeathSignalWhenSetprivIsPresent() {
        Assumptions.assumeTrue(Subprocesses.parentDeathSignal(), "setpriv --pdeathsig is not available here");
        Assumptions.assumeTrue(onPath("python3"), "python3 is not installed (it reads the child's pdeathsig)");
        var r = new ChildRecorder(loop);
        loop.runUntilComplete(() -> {
            Subprocesses.exec(loop, List.of("python3", "-c", "import ctypes, os; s = ctypes.c_int(); "
                    + "ctypes.CDLL(None).prctl(2, ctypes.byref(s)); print(s.value, os.getppid())"),
                    SubprocessOptions.DEFAULTS, () -> r).await();
            return r.lost.await();
        });
        assertThat(r.out()).isEqualTo("9 " + ProcessHandle.current().pid() + "\n"); // SIGKILL when we die
    }

    private static boolean onPath(String program) {
        return java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
