package io.corio.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Real signals, sent to this JVM with kill(1). */
class SignalTest {

    private static void kill(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
                .inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Signal.class, names = {"INT", "TERM", "HUP", "USR1"})
    void aSignalRunsItsHandlerOnTheLoopThread(Signal signal) throws Exception {
        try (var group = LoopGroup.start(1)) {
            EventLoop loop = group.next();
            var ranOn = new CompletableFuture<String>();
            loop.submit(() -> {
                Async.runningLoop().addSignalHandler(signal, () -> ranOn.complete(Thread.currentThread().getName()));
                return null;
            }).get(5, TimeUnit.SECONDS);
            kill(signal.posixName());
            assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo(group.threads().getFirst().getName());
            assertThat(loop.submit(() -> Async.runningLoop().removeSignalHandler(signal)).get(5, TimeUnit.SECONDS))
                    .isTrue();
            assertThat(loop.submit(() -> Async.runningLoop().removeSignalHandler(signal)).get(5, TimeUnit.SECONDS))
                    .isFalse();
        }
    }

    @Test
    void everyLoopHandlingASignalGetsIt() throws Exception {
        try (var group = LoopGroup.start(2)) {
            var first = new CompletableFuture<Boolean>();
            var second = new CompletableFuture<Boolean>();
            group.loops().get(0).submit(() -> {
                Async.runningLoop().addSignalHandler(Signal.HUP, () -> first.complete(true));
                return null;
            }).get(5, TimeUnit.SECONDS);
            group.loops().get(1).submit(() -> {
                Async.runningLoop().addSignalHandler(Signal.HUP, () -> second.complete(true));
                return null;
            }).get(5, TimeUnit.SECONDS);
            kill("HUP");
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
        }
        // closing the loops removed their handlers; the JVM's own HUP handler is back
    }

    @Test
    void usr2IsEitherHandledOrRefusedWithItsName() throws Exception {
        try (var loop = EventLoop.create()) {
            // HotSpot uses SIGUSR2 internally on Linux; if this JVM lets it be handled, the handler must then work
            try {
                loop.addSignalHandler(Signal.USR2, () -> { });
                assertThat(loop.removeSignalHandler(Signal.USR2)).isTrue();
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageContaining("SIGUSR2");
            }
        }
    }
}
