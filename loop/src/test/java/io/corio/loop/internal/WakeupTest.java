package io.corio.loop.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WakeupTest {

    /** A selector loop that counts how often other threads wake it. */
    static final class CountingLoop extends SelectorEventLoop {
        final AtomicInteger wakeups = new AtomicInteger();

        CountingLoop() {
            super(SystemClock.INSTANCE);
        }

        @Override
        protected void wakeup() {
            wakeups.incrementAndGet();
            super.wakeup();
        }
    }

    @Test
    void aBurstOfCrossThreadSubmissionsWakesTheLoopOncePerBatchNotPerCall() throws Exception {
        var loop = new CountingLoop();
        Thread runner = Thread.ofPlatform().start(loop::runForever);
        try {
            Thread.sleep(50);   // idle: blocked in the selector
            int n = 100_000;
            var done = new CountDownLatch(n);
            long iterationsBefore = loop.stats().iterations();
            for (int i = 0; i < n; i++) {
                loop.callSoonThreadsafe(done::countDown);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            long iterations = loop.stats().iterations() - iterationsBefore;
            // a wakeup happens only when the loop is about to sleep: at most one per iteration
            assertThat(loop.wakeups.get()).isLessThanOrEqualTo((int) iterations + 1).isLessThan(n / 10);
        } finally {
            loop.callSoonThreadsafe(loop::stop);
            runner.join(5000);
            loop.close();
        }
    }

    @Test
    void aBusyLoopIsNotWoken() throws Exception {
        var loop = new CountingLoop();
        var keepBusy = new Runnable() {
            volatile boolean on = true;

            @Override
            public void run() {
                if (on) {
                    loop.callSoon(this);
                }
            }
        };
        loop.callSoon(keepBusy);
        Thread runner = Thread.ofPlatform().start(loop::runForever);
        try {
            Thread.sleep(20);
            for (int i = 0; i < 10_000; i++) {
                loop.callSoonThreadsafe(() -> { });
            }
            Thread.sleep(20);
            assertThat(loop.wakeups.get()).isZero();
        } finally {
            keepBusy.on = false;
            loop.callSoonThreadsafe(loop::stop);
            runner.join(5000);
            loop.close();
        }
    }
}
