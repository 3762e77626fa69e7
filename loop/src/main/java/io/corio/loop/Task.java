package io.corio.loop;

/**
 * A coroutine running on an {@link EventLoop}, and the future of its outcome.
 *
 * <p>A task is a virtual thread whose scheduler is the loop: every step runs on the loop thread, between
 * callbacks, and switches to other work only where it suspends ({@link Future#await()}, {@link Async#sleep},
 * the {@code io.corio.loop.sync} primitives; blocking JDK calls such as {@code Thread.sleep} or a
 * {@code java.net.Socket} read park it too). State touched between two suspensions needs no lock. Thread dumps
 * show it as {@code corio-task-<n>:<name>} with its await stack.
 *
 * <p>Cancellation: {@link #cancel()} asks the task to stop. If it is suspended, the future it awaits is cancelled
 * and its await throws {@link CancelledException}; if it has not started, its body never runs; if it is ready to
 * resume, the exception is thrown at the point where it resumes. {@code finally} blocks run. A task that lets the
 * exception escape ends cancelled; one that catches it goes on (and should call {@link #uncancel()}).
 *
 * <p>{@link #setResult} and {@link #setException} are not for tasks: they throw {@link InvalidStateException}.
 */
public interface Task<T> extends Future<T> {

    /** The task's name ({@code Task-<n>} unless one was given). */
    String name();

    /**
     * Requests cancellation (see the class comment). Returns false if the task is already done, true otherwise:
     * the request counts even if the task catches the exception.
     */
    @Override
    boolean cancel(String message);

    /** The number of cancellation requests not yet withdrawn with {@link #uncancel()}. */
    int cancelling();

    /**
     * Withdraws one cancellation request, for code that caught a {@link CancelledException} it caused itself (a
     * timeout). Returns the remaining count; at zero a cancellation that has not been delivered yet is dropped.
     */
    int uncancel();

    /**
     * The virtual thread that runs the coroutine, for thread dumps and debuggers. Do not join it, interrupt it or
     * replace its uncaught-exception handler: Corio finds the current task through that handler.
     */
    Thread thread();
}
