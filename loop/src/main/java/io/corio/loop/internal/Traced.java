package io.corio.loop.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Something that remembers where it was created. In debug mode handles, timers, futures and tasks record the stack
 * of their creation (Corio's own frames removed) so that error reports and pending-task reports can point at user
 * code.
 */
public interface Traced {
    /** The creation stack, innermost frame first; empty when not recorded. */
    List<StackTraceElement> createdAt();

    /** The creation stack of {@code source} if it is traced, otherwise an empty list. */
    static List<StackTraceElement> of(Object source) {
        return source instanceof Traced t ? t.createdAt() : List.of();
    }

    /** The current stack without the frames of Corio's loop internals and the JDK's thread machinery. */
    static List<StackTraceElement> capture() {
        StackTraceElement[] stack = new Throwable().getStackTrace();
        var frames = new ArrayList<StackTraceElement>(stack.length);
        boolean userSeen = false;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            boolean internal = c.startsWith("io.corio.loop.") && !c.startsWith("io.corio.loop.testing.")
                    && !c.contains("Test");
            if (!userSeen && internal) {
                continue;
            }
            userSeen = true;
            frames.add(e);
            if (frames.size() == 24) {
                break;
            }
        }
        return List.copyOf(frames);
    }
}
