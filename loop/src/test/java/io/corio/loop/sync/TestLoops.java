package io.corio.loop.sync;

import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;

/** Test helpers for loops. */
final class TestLoops {
    private TestLoops() {
    }

    /**
     * Cancels the tasks a test left waiting, lets them unwind, and closes the loop, so that closing does not report
     * them as leaked.
     */
    static void closeCleanly(TestLoop loop) {
        if (loop.isClosed()) {
            return;
        }
        loop.allTasks().forEach(Task::cancel);
        loop.runReady();
        loop.close();
    }
}
