package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.BrokenResourceException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.Signal;
import io.corio.loop.TimeoutException;
import io.corio.transports.Stdio;
import io.corio.transports.SubprocessOptions;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Real children as streams: {@link Processes} and {@link ChildProcess}. */
class ProcessesTest {
    private static final SubprocessOptions PIPES = SubprocessOptions.DEFAULTS;

    private static <T> T run(Callable<T> main) {
        return EventLoop.run(main);
    }

    @Test
    void waitForGivesTheExitStatus() {
        int code = run(() -> Processes.shell("exit 7", PIPES).await().waitFor().await());
        assertThat(code).isEqualTo(7);
    }

    @Test
    void communicateWritesStdinAndCollectsBothOutputs() {
        ProcessResult r = run(() -> Processes.shell("tr a-z A-Z; echo done >&2", PIPES).await()
                .communicate("hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)).await());
        assertThat(r.stdoutText()).isEqualTo("HELLO");
        assertThat(r.stderrText()).isEqualTo("done\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void terminateGives143AndASignalReachesTheChildsTrap() {
        int terminated = run(() -> {
            ChildProcess p = Processes.exec(List.of("sleep", "30"), PIPES).await();
            p.terminate();
            return p.waitFor().await();
        });
        assertThat(terminated).isEqualTo(143);
        int trapped = run(() -> {
            ChildProcess p = Processes.shell("trap 'exit 42' USR1; echo ready; while :; do sleep 0.05; done",
                    PIPES).await();
            assertThat(p.stdout().readLine().await()).isEqualTo("ready");
            assertThat(p.sendSignal(Signal.USR1)).isTrue();
            return p.waitFor().await();
        });
        assertThat(trapped).isEqualTo(42);
    }

    @Test
    void catReturns100MiBByteExactWhileStdinIsStillBeingWritten() throws Exception {
        long total = 100L << 20;
        byte[] pattern = new byte[(1 << 20) + 13]; // not a multiple of any chunk size
        new Random(5).nextBytes(pattern);
        byte[][] digests = run(() -> {
            ChildProcess p = Processes.exec(List.of("cat"), PIPES).await();
            Future<byte[]> writer = Async.runningLoop().createTask(() -> {
                MessageDigest sent = MessageDigest.getInstance("SHA-256");
                for (long off = 0; off < total; ) {
                    int n = (int) Math.min(64 * 1024, total - off);
                    int at = (int) (off % pattern.length);
                    n = Math.min(n, pattern.length - at);
                    sent.update(pattern, at, n);
                    p.stdin().send(java.util.Arrays.copyOfRange(pattern, at, at + n)).await();
                    off += n;
                }
                p.stdin().close();
                return sent.digest();
            });
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long count = 0;
            while (true) {
                ByteBuf chunk = p.stdout().read(1 << 20).await();
                try {
                    if (!chunk.isReadable()) {
                        break;
                    }
                    count += chunk.readableBytes();
                    received.update(chunk.nioBuffer());
                } finally {
                    chunk.release();
                }
            }
            assertThat(count).isEqualTo(total);
            assertThat(p.waitFor().await()).isZero();
            return new byte[][] {writer.await(), received.digest()};
        });
        assertThat(digests[1]).isEqualTo(digests[0]);
    }

    @Test
    void anUnreadStdoutPausesTheChildInsteadOfBufferingWithoutBound() {
        int code = run(() -> {
            ChildProcess p = Processes.exec(Async.runningLoop(), List.of("yes"), PIPES, 64 * 1024).await();
            Async.sleep(Duration.ofMillis(300)); // yes writes as fast as it can meanwhile
            assertThat(p.stdout().buffered()).isBetween(64 * 1024, 64 * 1024 + 64 * 1024);
            assertThat(p.transport().pipeTransport(1).isReading()).isFalse();
            p.kill();
            p.stdout().read(-1).await().release(); // the rest, up to the end the kill brings
            return p.waitFor().await();
        });
        assertThat(code).isEqualTo(137);
    }

    @Test
    void aChildThatClosesItsStdinEarlyFailsTheWritersDrainWithBrokenResource() {
        run(() -> {
            ChildProcess p = Processes.exec(List.of("head", "-c", "10"), PIPES).await();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 256; i++) {
                    p.stdin().send(new byte[64 * 1024]).await();
                }
            }).isInstanceOf(BrokenResourceException.class);
            assertThat(p.stdout().read(-1).await().release()).isTrue(); // exactly one buffer: released now
            assertThat(p.waitFor().await()).isZero();
            return null;
        });
    }

    @Test
    void twoHundredChildrenRunAtOnce() {
        List<ProcessResult> results = run(() -> {
            var all = new ArrayList<Future<ProcessResult>>();
            for (int i = 0; i < 200; i++) {
                ChildProcess p = Processes.shell("echo $$", PIPES).await();
                all.add(p.communicate(null, Duration.ofSeconds(30)));
            }
            return Async.gather(all).await();
        });
        assertThat(results).hasSize(200).allSatisfy(r -> {
            assertThat(r.exitCode()).isZero();
            assertThat(r.stdoutText()).matches("[0-9]+\n");
        });
        assertThat(results.stream().map(ProcessResult::stdoutText).distinct()).hasSize(200);
    }

    @Test
    void communicateTimesOutKillsTheChildAndNamesItsPid() {
        long[] pid = new long[1];
        assertThatThrownBy(() -> run(() -> {
            ChildProcess p = Processes.exec(List.of("sleep", "30"), PIPES.withStdin(Stdio.DISCARD)).await();
            pid[0] = p.pid();
            return p.communicate(null, Duration.ofMillis(200)).await();
        })).isInstanceOf(TimeoutException.class).hasMessageContaining("child " + pid[0] + " did not finish");
        assertThat(Path.of("/proc", Long.toString(pid[0]))).doesNotExist();
    }
}
