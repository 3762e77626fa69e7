package io.corio.servers.cli;

import io.corio.loop.EventLoop;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {
    /** An event line: time, thread, "callback" or "task NAME", text. */
    private static final Pattern EVENT = Pattern.compile(
            "^ +(\\d+) ms  (\\S+) +(callback|task \\S+|NOT ON LOOP) +(.+)$");

    record Event(String thread, String as, String text) {
    }

    private static List<Event> events(String out) {
        return out.lines().map(EVENT::matcher).filter(Matcher::matches)
                .map(m -> new Event(m.group(2), m.group(3).strip(), m.group(4))).toList();
    }

    /** The position of the first event of {@code as} whose text contains {@code text}; fails if none. */
    private static int indexOf(List<Event> events, String as, String text) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).as().equals(as) && events.get(i).text().contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no event [" + as + "] containing '" + text + "' in " + events);
    }

    @Test
    void demoPrintsTheTimelineInCausalOrderAllOnTheLoopThread() {
        Cli cli = Cli.run("demo");

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        List<Event> ev = events(cli.out());
        assertThat(ev).hasSizeGreaterThan(25);
        // EventLoop.run runs the loop on the calling thread: this test's thread
        String here = Thread.currentThread().getName();
        assertThat(ev).allSatisfy(e -> assertThat(e.thread()).isEqualTo(here));
        assertThat(ev).noneMatch(e -> e.as().equals("NOT ON LOOP") || e.text().startsWith("UNEXPECTED"));

        // 1. a plain callback, then the main coroutine
        assertThat(ev.getFirst().as()).isEqualTo("callback");
        assertThat(ev.get(1).as()).isEqualTo("task main");
        assertThat(ev.get(1).text()).contains("virtual thread corio-task-", "mounted on '" + here + "'");

        // 2. started slow, fast, medium; woke fast, medium, slow; gather keeps the given order
        assertThat(List.of(indexOf(ev, "task slow", "sleeping"), indexOf(ev, "task fast", "sleeping"),
                indexOf(ev, "task medium", "sleeping"), indexOf(ev, "task fast", "woke up"),
                indexOf(ev, "task medium", "woke up"), indexOf(ev, "task slow", "woke up"),
                indexOf(ev, "task main", "Async.gather -> [slow, fast, medium]"))).isSorted();

        // 3. the too-slow task is cancelled at its await and its finally runs before main sees the timeout
        assertThat(List.of(indexOf(ev, "task main", "Async.timeout("),
                indexOf(ev, "task too-slow", "cancelled at its await"),
                indexOf(ev, "task too-slow", "finally block runs"),
                indexOf(ev, "task main", "caught TimeoutException; too-slow.isCancelled() = true"))).isSorted();

        // 4. the failing child fails, the sibling is cancelled and cleans up, then the group rethrows
        assertThat(List.of(indexOf(ev, "task sibling", "needs"),
                indexOf(ev, "task failing", "throws IllegalStateException"),
                indexOf(ev, "task sibling", "cancelled by the group"),
                indexOf(ev, "task sibling", "finally block runs"),
                indexOf(ev, "task main", "the group rethrew \"disk full\"; sibling.isCancelled() = true")))
                .isSorted();

        // 5. the loop ticks while the blocking call waits elsewhere; it returns after the third tick
        assertThat(List.of(indexOf(ev, "task main", "Async.toThread"), indexOf(ev, "task ticker", "tick 1"),
                indexOf(ev, "task ticker", "tick 2"), indexOf(ev, "task ticker", "tick 3"),
                indexOf(ev, "task main", "the blocking call returned"))).isSorted();
        assertThat(ev.get(indexOf(ev, "task main", "the blocking call returned")).text())
                .doesNotContain("on " + here).contains("ran on corio-blocking-");

        assertThat(cli.out()).contains(
                "Summary: 8 tasks (main, slow, fast, medium, too-slow, sibling, failing, ticker) ran on one loop.",
                "Every step ran on thread '" + here + "', the thread that called EventLoop.run")
                .doesNotContain("PROBLEMS");
    }

    @Test
    void quickDemoSucceedsWithShorterSleeps() {
        Cli cli = Cli.run("demo", "--quick");

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).contains("task slow      sleeping 60 ms", "task fast      sleeping 20 ms",
                "Summary: 8 tasks").doesNotContain("UNEXPECTED", "PROBLEMS");
    }

    @Test
    void aBlockingCallThatStaysOnTheLoopThreadIsReportedAsAProblem() {
        var out = new StringWriter();
        // an executor that runs the "blocking" call inline, inside the coroutine, on the loop thread
        Demo.Summary summary = new Demo(new PrintWriter(out, true), 0.2, Runnable::run).run();

        assertThat(summary.problems()).singleElement().asString()
                .contains("expected the blocking call to run off the loop thread");
        assertThat(out.toString()).contains("UNEXPECTED: expected the blocking call", "PROBLEMS (1):");
    }

    @Test
    void anEventOffTheLoopThreadIsReportedAsAProblem() throws Exception {
        var out = new StringWriter();
        try (var loop = EventLoop.create()) {
            var timeline = new Timeline(new PrintWriter(out, true), loop);
            Thread loopThread = Thread.ofPlatform().start(timeline::bindLoopThread);
            loopThread.join();

            timeline.event("from the wrong thread");

            assertThat(timeline.problems()).singleElement().asString().contains("'from the wrong thread' ran on");
            assertThat(out.toString()).contains("NOT ON LOOP");
        }
    }

    @Test
    void carrierNameIsReadFromAMountedVirtualThread() throws Exception {
        String[] seen = new String[1];
        Thread vt = Thread.ofVirtual().start(() -> seen[0] = Timeline.carrierName(Thread.currentThread()));
        vt.join();

        assertThat(seen[0]).startsWith("ForkJoinPool-");
        assertThat(Timeline.carrierName(vt)).isNull();  // terminated: not mounted
    }
}
