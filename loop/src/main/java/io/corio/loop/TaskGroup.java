package io.corio.loop;

import io.corio.loop.internal.TaskScope;

import java.util.concurrent.Callable;

/**
 * Structured concurrency: tasks spawned in a group never outlive it, and the first failure among them cancels the
 * rest.
 *
 * <pre>{@code
 * try (var group = TaskGroup.open()) {
 *     var a = group.spawn(() -> fetch("a"));
 *     var b = group.spawn(() -> Async.timeout(Duration.ofSeconds(2), () -> fetch("b")));
 *     return a.await() + b.await();
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>{@link #close()} (the end of the {@code try} block) waits until every child is done.</li>
 * <li>When a child fails (with anything but {@link CancelledException}), every other child is cancelled, and the
 *     failure is thrown: into the group's body at the point where it is suspended (an {@code await} in the
 *     {@code try} block throws the child's exception), or from {@code close()} when the body had already
 *     finished. Further failures are added to the first as suppressed exceptions. Cancelled children are not
 *     failures.</li>
 * <li>If the task that opened the group is cancelled, the children are cancelled too, and {@code close()} waits
 *     for them before the {@link CancelledException} goes on.</li>
 * <li>If the body throws an exception of its own, {@code close()} cannot see it (Java gives a resource no access to
 *     the exception in flight): the children are awaited, not cancelled. Use {@link #run(Body)} when the body can
 *     fail on its own and the children should then be cancelled at once, or call {@link #cancelAll()}.</li>
 * </ul>
 *
 * A group is loop-confined and bound to the task that opened it: only that task may close it; any task of the same
 * loop may spawn into it while it is open.
 */
public interface TaskGroup extends AutoCloseable {

    /**
     * Opens a group in the current task.
     *
     * @throws IllegalStateException if not called inside a task
     */
    static TaskGroup open() {
        return TaskScope.open();
    }

    /**
     * Opens a group, runs {@code body} with it, and closes it; if {@code body} throws, the children are cancelled
     * first. Returns what the body returned. A child's failure is thrown with the other failures (and the body's own
     * exception, if any) suppressed.
     */
    static <T> T run(Body<T> body) {
        return TaskScope.run(body);
    }

    /** The body of {@link #run(Body)}. */
    @FunctionalInterface
    interface Body<T> {
        T run(TaskGroup group) throws Exception;
    }

    /**
     * Starts {@code body} as a child task.
     *
     * @throws InvalidStateException if the group is closed, or is shutting down after a failure
     */
    <T> Task<T> spawn(Callable<T> body);

    /** Like {@link #spawn(Callable)} with a task name. */
    <T> Task<T> spawn(Callable<T> body, String name);

    /** Cancels every child still running; {@link #close()} still waits for them. */
    void cancelAll();

    /**
     * Waits for every child, then throws the first child failure if there was one that the body has not already
     * received. Suspending; idempotent.
     *
     * @throws InvalidStateException if called from another task than the one that opened the group
     */
    @Override
    void close();
}
