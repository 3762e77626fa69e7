package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code runInExecutor} hands the callable itself to a {@link TaskExecutor} (the process pool's hook). */
class TaskExecutorTest {
    private final TestLoop loop = TestLoop.create();

    @AfterEach
    void close() {
        loop.close();
    }

    /** Records what it is given and answers with a future it completes itself. */
    private static final class Recording implements TaskExecutor {
        final List<Callable<?>> submitted = new ArrayList<>();
        final List<Runnable> executed = new ArrayList<>();

        @Override
        public <T> Future<T> submit(EventLoop loop, Callable<T> work) {
            submitted.add(work);
            Future<T> future = loop.createFuture();
            try {
                future.setResult(work.call());
            } catch (Exception e) {
                future.setException(e);
            }
            return future;
        }

        @Override
        public void execute(Runnable command) {
            executed.add(command);
        }
    }

    @Test
    void runInExecutorGivesATaskExecutorTheCallableItselfAndReturnsItsFuture() {
        var executor = new Recording();
        Callable<String> work = () -> "done";
        Future<String> f = loop.runInExecutor(executor, work);
        assertThat(executor.submitted).containsExactly(work);
        assertThat(executor.executed).isEmpty();
        assertThat(loop.runUntilComplete(f)).isEqualTo("done");
    }

    @Test
    void aTaskExecutorSetAsTheDefaultIsUsedForNull() {
        var executor = new Recording();
        loop.setDefaultExecutor(executor);
        loop.runUntilComplete(loop.runInExecutor(null, () -> 1));
        assertThat(executor.submitted).hasSize(1);
    }
}
