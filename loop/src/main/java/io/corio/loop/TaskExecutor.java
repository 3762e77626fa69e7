package io.corio.loop;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * An {@link Executor} that runs a {@code Callable} itself and reports its outcome as a loop {@link Future}, instead
 * of being handed a {@code Runnable}. {@link EventLoop#runInExecutor} calls {@link #submit} for such an executor,
 * so that work which crosses a process boundary (a process pool) can see the {@code Callable} the user wrote, and
 * its exception, rather than a wrapper.
 */
public interface TaskExecutor extends Executor {
    /**
     * Starts {@code work} and returns a future of {@code loop} for its outcome; cancelling that future cancels the
     * work. Called on {@code loop}'s thread by {@link EventLoop#runInExecutor}. Failures to start (a closed
     * executor, work it cannot carry) complete the future exceptionally rather than throw.
     */
    <T> Future<T> submit(EventLoop loop, Callable<T> work);
}
