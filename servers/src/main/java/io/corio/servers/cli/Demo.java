package io.corio.servers.cli;

import io.corio.loop.Async;
import io.corio.loop.CancelledException;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import io.corio.loop.ReturnWhen;
import io.corio.loop.Task;
import io.corio.loop.TaskGroup;
import io.corio.loop.TimeoutException;
import io.corio.loop.TimerHandle;
import io.corio.loop.internal.VirtualThreads;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * What {@code corio demo} runs: a few coroutines on one loop, each step printed to a {@link Timeline}. Also a
 * readable example of the loop API: tasks, {@code Async.gather}, {@code Async.timeout}, {@code TaskGroup},
 * {@code Async.toThread}.
 *
 * <p>The order of the printed events does not depend on timing: sleeps in one section end at distinct deadlines
 * measured from a common start, which the loop's timers fire in deadline order however late they run, and the
 * blocking call waits for a latch that a ticking task opens.
 */
final class Demo {
    private final PrintWriter out;
    private final double scale;
    private final Executor blocking;
    private long sleptNanos;

    /** What the run showed, for the summary. */
    record Summary(List<String> tasks, long loopMillis, long sleptMillis, String loopThread, boolean callerThread,
                   List<String> problems) {
    }

    /** @param scale multiplies every sleep (1.0 by default, 0.2 for {@code --quick}) */
    Demo(PrintWriter out, double scale) {
        this(out, scale, null);
    }

    /** @param blocking the loop's default executor for the demo, or null for Corio's default */
    Demo(PrintWriter out, double scale, Executor blocking) {
        this.out = out;
        this.scale = scale;
        this.blocking = blocking;
    }

    /** Runs the demo on a new loop on the calling thread ({@link EventLoop#run}) and prints its timeline. */
    Summary run() {
        VirtualThreads.check();  // fail before printing anything when the JVM flag is missing
        Thread caller = Thread.currentThread();
        out.println("Corio demo: coroutines on one event loop, started with EventLoop.run (Python's asyncio.run).");
        out.println("Times are loop time since the start; 'thread' is the platform thread each step ran on.");
        out.println();
        out.flush();
        Summary summary = EventLoop.run(() -> {
            if (blocking != null) {
                Async.runningLoop().setDefaultExecutor(blocking);
            }
            return script(caller);
        });
        printSummary(summary);
        return summary;
    }

    private Summary script(Thread caller) {
        EventLoop loop = Async.runningLoop();
        var tl = new Timeline(out, loop);

        // 1. A plain callback runs on the loop thread; the main coroutine is a virtual thread mounted on it.
        Future<Void> called = loop.createFuture();
        loop.callSoon(() -> {
            tl.bindLoopThread();
            tl.section("1. Where code runs");
            tl.event("loop.callSoon: a plain callback runs on the loop thread");
            called.setResult(null);
        });
        called.await();
        Thread me = Thread.currentThread();
        tl.event("the main coroutine: virtual thread " + me.getName() + ", mounted on '"
                + Timeline.carrierName(me) + "'");

        threeSleepers(loop, tl);
        timeout(loop, tl);
        taskGroup(tl);
        toThread(loop, tl);

        return new Summary(List.copyOf(tl.tasks()), tl.elapsedMillis(), sleptNanos / 1_000_000,
                tl.loopThread().getName(), tl.loopThread() == caller, List.copyOf(tl.problems()));
    }

    // 2. Three tasks sleep at once and finish in time order; gather collects their results in the order given.
    private void threeSleepers(EventLoop loop, Timeline tl) {
        tl.section("2. Three tasks sleep at once; they finish in time order, not start order");
        long start = loop.time();
        Task<String> slow = loop.createTask(() -> nap(tl, start, "slow", millis(300)), "slow");
        Task<String> fast = loop.createTask(() -> nap(tl, start, "fast", millis(100)), "fast");
        Task<String> medium = loop.createTask(() -> nap(tl, start, "medium", millis(200)), "medium");
        tl.event("started slow, fast and medium; Async.gather awaits all three");
        List<String> results = Async.gather(slow, fast, medium).await();
        long took = (loop.time() - start) / 1_000_000;
        tl.event("Async.gather -> " + results + " after " + took + " ms, not " + millis(600)
                + ": they overlapped");
        tl.expect(results.equals(List.of("slow", "fast", "medium")), "gather to return [slow, fast, medium]");
    }

    private String nap(Timeline tl, long start, String name, long ms) {
        tl.event("sleeping " + ms + " ms");
        sleepUntil(start + ms * 1_000_000);
        tl.event("woke up, returns \"" + name + "\"");
        return name;
    }

    // 3. Async.timeout cancels a too-slow await and reports it as a TimeoutException.
    private void timeout(EventLoop loop, Timeline tl) {
        tl.section("3. Async.timeout turns a too-slow task into a TimeoutException");
        long needs = millis(1000);
        long limit = millis(150);
        Task<String> tooSlow = loop.createTask(() -> {
            tl.event("needs " + needs + " ms");
            try {
                sleep(needs);
                return "too late";
            } catch (CancelledException e) {
                tl.event("cancelled at its await (Async.sleep)");
                throw e;
            } finally {
                tl.event("finally block runs");
            }
        }, "too-slow");
        tl.event("Async.timeout(" + limit + " ms) awaits too-slow");
        TimeoutException timedOut = null;
        try {
            Async.timeout(Duration.ofMillis(limit), tooSlow::await);
        } catch (TimeoutException e) {
            timedOut = e;
        }
        Async.waitFor(List.of(tooSlow), ReturnWhen.ALL_COMPLETED);
        tl.expect(timedOut != null, "a TimeoutException");
        tl.expect(tooSlow.isCancelled(), "too-slow to end cancelled");
        if (timedOut != null) {
            tl.event("caught TimeoutException; too-slow.isCancelled() = " + tooSlow.isCancelled());
        }
    }

    // 4. In a TaskGroup the first failure cancels the siblings, then the group rethrows it.
    private void taskGroup(Timeline tl) {
        tl.section("4. TaskGroup: one child fails, its sibling is cancelled, the group rethrows the failure");
        long siblingNeeds = millis(500);
        long failAfter = millis(50);
        long start = Async.runningLoop().time();
        Task<?> sibling = null;
        IllegalStateException rethrown = null;
        try (var group = TaskGroup.open()) {
            sibling = group.spawn(() -> {
                tl.event("needs " + siblingNeeds + " ms");
                try {
                    sleepUntil(start + siblingNeeds * 1_000_000);
                    return null;
                } catch (CancelledException e) {
                    tl.event("cancelled by the group");
                    throw e;
                } finally {
                    tl.event("finally block runs");
                }
            }, "sibling");
            group.spawn(() -> {
                tl.event("works for " + failAfter + " ms, then fails");
                sleepUntil(start + failAfter * 1_000_000);
                tl.event("throws IllegalStateException(\"disk full\")");
                throw new IllegalStateException("disk full");
            }, "failing");
            tl.event("spawned sibling and failing; closing the group awaits both");
        } catch (IllegalStateException e) {
            rethrown = e;
        }
        tl.expect(rethrown != null && "disk full".equals(rethrown.getMessage()), "the group to rethrow the failure");
        tl.expect(sibling != null && sibling.isCancelled(), "sibling to end cancelled");
        if (rethrown != null && sibling != null) {
            tl.event("the group rethrew \"" + rethrown.getMessage() + "\"; sibling.isCancelled() = "
                    + sibling.isCancelled());
        }
    }

    // 5. Async.toThread runs a blocking call on another thread while the loop keeps running.
    private void toThread(EventLoop loop, Timeline tl) {
        tl.section("5. Async.toThread moves a blocking call off the loop; the loop keeps running");
        long tick = millis(40);
        var latch = new CountDownLatch(1);
        Task<Void> ticker = loop.createTask(() -> {
            long start = loop.time();
            for (int i = 1; i <= 3; i++) {
                sleepUntil(start + i * tick * 1_000_000);
                tl.event("tick " + i + (i == 3 ? ", opens the latch" : ""));
            }
            latch.countDown();
            return null;
        }, "ticker");
        tl.event("Async.toThread: a blocking call waits for a latch; ticker opens it");
        Where ranOn = Async.toThread(() -> {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the latch was never opened");
            }
            return Where.current();
        });
        tl.event("the blocking call returned; it ran on " + ranOn);
        tl.expect(!ranOn.isOn(tl.loopThread()), "the blocking call to run off the loop thread, not on " + ranOn);
        ticker.await();
    }

    /** A thread seen from inside, with the carrier it was mounted on if it is virtual. */
    private record Where(Thread thread, String carrier) {
        static Where current() {
            Thread me = Thread.currentThread();
            return new Where(me, me.isVirtual() ? Timeline.carrierName(me) : null);
        }

        boolean isOn(Thread platform) {
            return thread == platform || (thread.isVirtual() && platform.getName().equals(carrier));
        }

        @Override
        public String toString() {
            return thread.getName() + (thread.isVirtual() ? " (a virtual thread on " + carrier + ")"
                    : " (a platform thread)");
        }
    }

    private void printSummary(Summary s) {
        out.println();
        out.printf("Summary: %d tasks (%s) ran on one loop.%n", s.tasks().size(), String.join(", ", s.tasks()));
        out.printf("They slept %d ms in all within %d ms of loop time%s.%n", s.sleptMillis(), s.loopMillis(),
                s.sleptMillis() > s.loopMillis() ? ": they overlapped" : "");
        if (s.problems().isEmpty()) {
            out.printf("Every step ran on thread '%s'%s: callbacks directly,%n", s.loopThread(),
                    s.callerThread() ? ", the thread that called EventLoop.run" : "");
            out.println("tasks as virtual threads mounted on it. Only the blocking call left it.");
        } else {
            out.printf("PROBLEMS (%d):%n", s.problems().size());
            s.problems().forEach(p -> out.println("  " + p));
        }
        out.println("The code: servers/src/main/java/io/corio/servers/cli/Demo.java");
        out.flush();
    }

    /** {@code base} milliseconds scaled, at least 1. */
    private long millis(long base) {
        return Math.max(1, Math.round(base * scale));
    }

    /**
     * Sleeps until loop time {@code deadline} with a timer ({@code loop.callAt}). Deadlines measured from a common
     * start keep the wake-up order exact even on a busy machine: the loop fires due timers in deadline order, also
     * those already past. ({@code Async.sleep} with a delay that is already negative only yields, so tasks that
     * start late would wake in start order.)
     */
    private void sleepUntil(long deadline) {
        EventLoop loop = Async.runningLoop();
        long start = loop.time();
        Future<Void> due = loop.createFuture();
        TimerHandle timer = loop.callAt(deadline, () -> due.setResult(null));
        try {
            due.await();
        } finally {
            timer.cancel();
            sleptNanos += loop.time() - start;
        }
    }

    private void sleep(long ms) {
        sleep(Duration.ofMillis(ms));
    }

    /** {@link Async#sleep}, adding the time actually slept (also when cancelled) to the summary's total. */
    private void sleep(Duration delay) {
        EventLoop loop = Async.runningLoop();
        long start = loop.time();
        try {
            Async.sleep(delay);
        } finally {
            sleptNanos += loop.time() - start;
        }
    }
}
