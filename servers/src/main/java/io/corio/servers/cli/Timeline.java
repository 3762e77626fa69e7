package io.corio.servers.cli;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Task;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's output: one line per event, stamped with loop time since the start and with where it ran. Each
 * event also checks that it ran on the loop thread: directly (a plain callback), or in a task whose virtual
 * thread is mounted on the loop thread. Anything else is recorded as a problem. Loop-confined, like the demo.
 */
final class Timeline {
    private final PrintWriter out;
    private final EventLoop loop;
    private final long start;
    private Thread loopThread;
    private int threadWidth = 6;
    private final Set<String> tasks = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();

    Timeline(PrintWriter out, EventLoop loop) {
        this.out = out;
        this.loop = loop;
        this.start = loop.time();
    }

    /** Marks the current (platform) thread as the loop thread: call it from a plain callback on the loop. */
    void bindLoopThread() {
        loopThread = Thread.currentThread();
        threadWidth = Math.max(threadWidth, loopThread.getName().length());
        out.printf("  %8s  %-" + threadWidth + "s  %-13s  %s%n", "time", "thread", "running as", "event");
    }

    Thread loopThread() {
        return loopThread;
    }

    /** Loop time since the timeline started, in whole milliseconds. */
    long elapsedMillis() {
        return (loop.time() - start) / 1_000_000;
    }

    void section(String title) {
        out.printf("%n%s%n", title);
        out.flush();
    }

    /** Prints {@code text} as an event of the current callback or task. */
    void event(String text) {
        Thread me = Thread.currentThread();
        String thread;
        String as;
        Task<?> task = Async.currentTask();
        if (me == loopThread) {
            thread = me.getName();
            as = "callback";
        } else if (task != null && me.isVirtual() && loopThread != null
                && loopThread.getName().equals(carrierName(me))) {
            thread = loopThread.getName();
            as = "task " + task.name();
            tasks.add(task.name());
        } else {
            thread = me.isVirtual() ? String.valueOf(carrierName(me)) : me.getName();
            as = "NOT ON LOOP";
            problems.add("'" + text + "' ran on " + me + ", not on the loop thread " + loopThread);
        }
        out.printf("  %5d ms  %-" + threadWidth + "s  %-13s  %s%n", elapsedMillis(), thread, as, text);
        out.flush();
    }

    /** Records a problem unless {@code ok}: an outcome the demo expected did not happen. */
    void expect(boolean ok, String what) {
        if (!ok) {
            problems.add("expected " + what);
            event("UNEXPECTED: expected " + what);
        }
    }

    /** The names of the tasks that recorded events, in order of their first event. */
    Set<String> tasks() {
        return tasks;
    }

    /** What went wrong: events off the loop thread and unmet expectations. Empty when all is well. */
    List<String> problems() {
        return problems;
    }

    /**
     * The name of the carrier a mounted virtual thread runs on, read from its {@code toString()}
     * ({@code VirtualThread[#22,name]/runnable@carrier}), or null if the thread is not mounted or the format is
     * not recognised. The JDK has no public accessor for the carrier.
     */
    static String carrierName(Thread virtualThread) {
        String s = virtualThread.toString();
        int state = s.lastIndexOf("]/");
        int at = state < 0 ? -1 : s.indexOf('@', state);
        return at < 0 ? null : s.substring(at + 1);
    }
}
