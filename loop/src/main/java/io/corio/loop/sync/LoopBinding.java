package io.corio.loop.sync;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;

/**
 * The loop a primitive belongs to, fixed by the first task that calls one of its suspending methods (asyncio's
 * {@code _LoopBoundMixin}), and the checks that keep the primitive on that loop. Each check takes the primitive
 * and the method name for its message. Loop-confined itself.
 */
final class LoopBinding {
    private EventLoop loop;

    /**
     * For a suspending method: returns the current task's loop, binding the primitive to it on first use.
     *
     * @throws IllegalStateException if not called inside a task
     * @throws InvalidStateException if the primitive is bound to another loop
     */
    EventLoop forSuspending(Object owner, String method) {
        Task<?> task = Async.currentTask();
        if (task == null) {
            throw new IllegalStateException(operation(owner, method) + " suspends, so it must be called inside a task "
                    + "(loop.createTask(...), TaskGroup.spawn(...)), not in a plain callback or thread; this thread is "
                    + Thread.currentThread().getName());
        }
        EventLoop here = task.loop();
        if (loop == null) {
            loop = here;
        } else if (loop != here) {
            throw wrongLoop(owner, method, here);
        }
        return here;
    }

    /**
     * For a method that changes state without suspending: passes on the bound loop (in a task or a callback), on
     * any thread while that loop is not running (as {@link EventLoop} allows), and always before the first
     * suspending call has bound the primitive. Cheap on the loop thread; only a misplaced call pays for more.
     *
     * @throws InvalidStateException if called from another loop, or from another thread while the loop runs
     */
    void check(Object owner, String method) {
        EventLoop bound = loop;
        if (bound == null) {
            return;
        }
        Task<?> task = Async.currentTask();
        EventLoop here = task != null ? task.loop() : runningLoopOrNull();
        if (here == bound) {
            return;
        }
        if (here != null) {
            throw wrongLoop(owner, method, here);
        }
        if (bound.isRunning()) {
            throw new InvalidStateException(operation(owner, method) + " called on thread "
                    + Thread.currentThread().getName() + " while the loop of " + owner + " runs on another thread. "
                    + "It is loop-confined: call it from a task or callback of that loop (for example through "
                    + "callSoonThreadsafe).");
        }
    }

    private static EventLoop runningLoopOrNull() {
        try {
            return Async.runningLoop();
        } catch (InvalidStateException none) {
            return null;
        }
    }

    private InvalidStateException wrongLoop(Object owner, String method, EventLoop here) {
        return new InvalidStateException(operation(owner, method) + " called from " + describe(here) + ", but "
                + owner + " is bound to another event loop, " + describe(loop) + ", where a task first used it");
    }

    private static String operation(Object owner, String method) {
        return owner.getClass().getSimpleName() + "." + method + "()";
    }

    private static String describe(EventLoop l) {
        return l + "@" + Integer.toHexString(System.identityHashCode(l));
    }
}
