package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DebugModeTest {
    private final Logger julLogger = Logger.getLogger("io.corio.loop");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        julLogger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        julLogger.removeHandler(capture);
    }

    @Test
    void loopConfinedCallsFromAnotherThreadThrowInDebugMode() throws Exception {
        try (var group = LoopGroup.start(1)) {
            EventLoop loop = group.next();
            loop.submit(() -> {
                Async.runningLoop().setDebug(true);
                return null;
            }).get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> loop.callSoon(() -> { })).isInstanceOf(WrongThreadException.class)
                    .hasMessageContaining("callSoonThreadsafe");
            assertThatThrownBy(() -> loop.createTask(() -> 1)).isInstanceOf(WrongThreadException.class);
            assertThatThrownBy(() -> loop.callLater(Duration.ZERO, () -> { })).isInstanceOf(WrongThreadException.class);
            // from a coroutine of the loop the same calls are fine
            assertThat(loop.submit(() -> {
                Async.runningLoop().callSoon(() -> { });
                return "ok";
            }).get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        }
    }

    @Test
    void handlesRecordWhereTheyWereCreated() {
        try (var loop = TestLoop.create()) {
            loop.setDebug(true);
            var errors = Errors.on(loop);
            scheduleAFailingCallback(loop);
            loop.runReady();
            ErrorContext c = errors.contexts.getFirst();
            assertThat(c.createdAt()).extracting(StackTraceElement::getMethodName).contains("scheduleAFailingCallback");
            assertThat(c.describe()).contains("created at").contains("scheduleAFailingCallback");
        }
    }

    private static void scheduleAFailingCallback(EventLoop loop) {
        loop.callSoon(() -> {
            throw new IllegalStateException("boom");
        });
    }

    @Test
    void withoutDebugModeNoCreationSiteIsRecorded() {
        try (var loop = TestLoop.create()) {
            loop.setDebug(false);
            var errors = Errors.on(loop);
            scheduleAFailingCallback(loop);
            loop.runReady();
            assertThat(errors.contexts.getFirst().createdAt()).isEmpty();
        }
    }

    @Test
    void aSlowCallbackIsLoggedWithTheStackCapturedWhileItBlocked() {
        try (var loop = EventLoop.create()) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(Duration.ofMillis(50));
            loop.callSoon(DebugModeTest::blockTheLoopThread);
            loop.callSoon(loop::stop);
            loop.runForever();
            LogRecord slow = records.stream().filter(r -> r.getMessage().startsWith("Executing")).findFirst()
                    .orElseThrow();
            assertThat(slow.getMessage()).contains("took").contains("seconds");
            assertThat(Arrays.stream(slow.getThrown().getStackTrace()).map(StackTraceElement::getMethodName))
                    .contains("blockTheLoopThread");
            assertThat(loop.stats().slowCallbacks()).isEqualTo(1);
        }
    }

    @Test
    void aSlowCoroutineStepIsLoggedWithTheCoroutinesStack() {
        try (var loop = EventLoop.create()) {
            loop.setDebug(true);
            loop.setSlowCallbackDuration(Duration.ofMillis(50));
            loop.runUntilComplete(loop.createTask(() -> {
                spinInsideACoroutine();
                return null;
            }, "spinner"));
            LogRecord slow = records.stream().filter(r -> r.getMessage().startsWith("Executing")).findFirst()
                    .orElseThrow();
            assertThat(slow.getMessage()).contains("spinner");
            assertThat(Arrays.stream(slow.getThrown().getStackTrace()).map(StackTraceElement::getMethodName))
                    .contains("spinInsideACoroutine");
        }
    }

    private static void blockTheLoopThread() {
        try {
            Thread.sleep(200);   // a plain callback: this really blocks the loop thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void spinInsideACoroutine() {
        long end = System.nanoTime() + 200_000_000L;   // CPU work in a coroutine blocks the loop too
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aFailedFutureNobodyLookedAtIsReportedWhenCollected() throws Exception {
        try (var loop = TestLoop.create()) {
            var errors = Errors.on(loop);
            failAndForget(loop);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (errors.contexts.isEmpty() && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(20);
                loop.runReady();
            }
            assertThat(errors.messages()).singleElement().asString().contains("never retrieved");
            assertThat(errors.exceptions().getFirst()).isInstanceOf(IOException.class).hasMessage("forgotten");
        }
    }

    @Test
    void aRetrievedExceptionIsNotReported() throws Exception {
        try (var loop = TestLoop.create()) {
            var errors = Errors.on(loop);
            Future<String> f = loop.createFuture();
            f.setException(new IOException("seen"));
            assertThat(f.exception()).hasMessage("seen");
            f = null;
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(10);
                loop.runReady();
            }
            assertThat(errors.contexts).isEmpty();
        }
    }

    private static void failAndForget(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setException(new IOException("forgotten"));
    }

    @Test
    void pendingTasksAtCloseAreReportedWithTheirCreationSite() {
        var loop = TestLoop.create();
        loop.setDebug(true);
        var errors = Errors.on(loop);
        startAForgottenTask(loop);
        loop.runReady();
        loop.close();
        ErrorContext c = errors.contexts.getFirst();
        assertThat(c.message()).contains("pending").contains("forgotten");
        assertThat(c.createdAt()).extracting(StackTraceElement::getMethodName).contains("startAForgottenTask");
    }

    private static void startAForgottenTask(EventLoop loop) {
        loop.createTask(() -> {
            Async.sleep(Duration.ofDays(1));
            return null;
        }, "forgotten");
    }
}
