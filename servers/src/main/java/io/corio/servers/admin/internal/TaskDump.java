package io.corio.servers.admin.internal;

import io.corio.loop.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code /tasks} page: every task of every loop with its await stack, as plain text, one block per task:
 *
 * <pre>
 * loop main: 2 tasks
 *
 * task "http GET http://..." [suspended] (corio-task-7:http GET http://...)
 *     at com.example.Fetch.call(Fetch.java:42)
 *     at com.example.Main.lambda$main$0(Main.java:17)
 * </pre>
 *
 * Frames of the JDK ({@code java.}, {@code jdk.}, {@code sun.}) and of Corio's loop machinery
 * ({@code io.corio.loop.}) are left out: what remains is where the coroutine awaits in user code (or in Corio's
 * servers and client, which are user code of the loop).
 */
public final class TaskDump {
    private static final String[] HIDDEN = {"java.", "jdk.", "sun.", "com.sun.", "io.corio.loop."};

    /** What the dump shows of one task. */
    public record TaskInfo(String name, String threadName, String state, List<StackTraceElement> frames) {
    }

    private TaskDump() {
    }

    /** Captures {@code tasks} now: their names, states and stacks (a stack is read from any thread). */
    public static List<TaskInfo> capture(Collection<? extends Task<?>> tasks) {
        var infos = new ArrayList<TaskInfo>(tasks.size());
        for (Task<?> task : tasks) {
            Thread thread = task.thread();
            StackTraceElement[] stack = thread == null ? new StackTraceElement[0] : thread.getStackTrace();
            infos.add(new TaskInfo(task.name(), thread == null ? "" : thread.getName(), state(task, thread),
                    trim(stack)));
        }
        infos.sort(Comparator.comparing(TaskInfo::threadName));
        return infos;
    }

    /** A task's state in words: not started, running, suspended, cancelling, done. */
    static String state(Task<?> task, Thread thread) {
        if (task.isDone()) {
            return "done";
        }
        String s = switch (thread == null ? Thread.State.NEW : thread.getState()) {
            case NEW -> "not started";
            case RUNNABLE -> "running";
            case TERMINATED -> "done";
            default -> "suspended";
        };
        return task.cancelling() > 0 ? s + ", cancelling" : s;
    }

    /** The frames outside the JDK and the loop machinery, in order. */
    public static List<StackTraceElement> trim(StackTraceElement[] stack) {
        var kept = new ArrayList<StackTraceElement>();
        for (StackTraceElement frame : stack) {
            if (!hidden(frame.getClassName())) {
                kept.add(frame);
            }
        }
        return kept;
    }

    private static boolean hidden(String className) {
        for (String prefix : HIDDEN) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the block of one loop (a header line, then one block per task) to {@code out}. */
    public static void format(String loop, List<TaskInfo> tasks, StringBuilder out) {
        out.append("loop ").append(loop).append(": ").append(tasks.size()).append(tasks.size() == 1 ? " task"
                : " tasks").append('\n');
        for (TaskInfo task : tasks) {
            out.append('\n').append("task \"").append(oneLine(task.name())).append("\" [").append(task.state())
                    .append(']');
            if (!task.threadName().isEmpty()) {
                out.append(" (").append(oneLine(task.threadName())).append(')');
            }
            out.append('\n');
            if (task.frames().isEmpty()) {
                out.append("    (no frames outside the JDK and the Corio loop)\n");
            }
            for (StackTraceElement frame : task.frames()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        out.append('\n');
    }

    /** Names come from users: a line break in one must not forge another task's block. */
    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
