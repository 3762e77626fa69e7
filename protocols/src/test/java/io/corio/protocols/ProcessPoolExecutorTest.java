package io.corio.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import io.corio.loop.Future;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process pool with real worker JVMs on a Unix socket. */
class ProcessPoolExecutorTest {
    private final EventLoop loop = EventLoop.create();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    /** Runs {@code body} with a started pool of {@code workers}, then shuts the pool down and waits for it. */
    private <T> T withPool(int workers, PoolBody<T> body) {
        return loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(50), () -> {
            ProcessPoolExecutor pool = ProcessPoolExecutor.start(loop, workers).await();
            try {
                return body.run(pool);
            } finally {
                pool.shutdownNow().await();
            }
        }));
    }

    /** Awaits {@code future} and returns what it failed with. */
    private static Throwable failureOf(Future<?> future) {
        try {
            future.await();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("the task succeeded");
    }

    private interface PoolBody<T> {
        T run(ProcessPoolExecutor pool) throws Exception;
    }

    @Test
    void aResultComesBackFromAnotherProcess() {
        long workerPid = withPool(1, pool -> pool.submit(PoolTasks::pid).await());
        assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void anExceptionComesBackAsItselfWithTheWorkersStackTrace() {
        Throwable error = withPool(1, pool -> failureOf(pool.submit(() -> PoolTasks.failWithIllegalState("boom"))));
        assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(error.getStackTrace()[0].getMethodName()).isEqualTo("failWithIllegalState");
        assertThat(error.getSuppressed()).singleElement().isInstanceOfSatisfying(RemoteTaskException.class,
                marker -> assertThat(marker.getMessage()).startsWith("raised in pool worker 0 (pid "));
    }

    @Test
    void anExceptionThatCannotTravelArrivesAsRemoteTaskExceptionWithItsClassAndStack() {
        Throwable error = withPool(1, pool -> failureOf(pool.submit(PoolTasks::failUnshippably)));
        assertThat(error).isInstanceOfSatisfying(RemoteTaskException.class, remote -> {
            assertThat(remote.remoteClassName()).isEqualTo(PoolTasks.UnshippableException.class.getName());
            assertThat(remote.getMessage()).contains("cannot travel", "could not be serialised in the worker");
            assertThat(remote.getStackTrace()[0].getMethodName()).isEqualTo("failUnshippably");
        });
    }

    @Test
    void aLambdaThatIsNotSerializableFailsWithAnErrorThatSaysHowToFixIt() {
        Throwable error = withPool(1, pool -> {
            Callable<Integer> plain = () -> 1;
            return failureOf(loop.runInExecutor(pool, plain));
        });
        assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SerializableCallable");
    }

    @Test
    void aTaskCapturingSomethingNotSerializableFailsWithAClearError() {
        Object notSerializable = new Object();
        Throwable error = withPool(1, pool -> failureOf(pool.submit(() -> notSerializable.hashCode())));
        assertThat(error).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be serialised").hasRootCauseInstanceOf(NotSerializableException.class);
    }

    @Test
    void aResultThatIsNotSerializableFailsTheTaskAndTheWorkerGoesOn() {
        Object[] outcomes = withPool(1, pool -> new Object[] {
                failureOf(pool.submit(Object::new)), pool.submit(() -> 42).await()});
        assertThat((Throwable) outcomes[0]).isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("the task's result cannot be serialised")
                .hasMessageContaining("java.lang.Object");
        assertThat(outcomes[1]).isEqualTo(42);
    }

    @Test
    void aWorkerThatCannotStartFailsTheStartWithItsExitCode() {
        var options = ProcessPoolOptions.DEFAULTS.withJvmArgs(java.util.List.of("-XX:+NoSuchCorioFlag"));
        Throwable error = loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30),
                () -> failureOf(ProcessPoolExecutor.start(loop, 1, options))));
        assertThat(error).isInstanceOf(io.corio.loop.BrokenResourceException.class)
                .hasMessageContaining("exit code 1").hasMessageContaining("before it connected");
        assertThat(ProcessHandle.current().children().toList()).isEmpty();
    }

    @Test
    void runInExecutorHandsASerializableCallableToThePool() {
        int answer = withPool(1, pool -> loop.runInExecutor(pool, (SerializableCallable<Integer>) () -> 6 * 7)
                .await());
        assertThat(answer).isEqualTo(42);
    }

    @Test
    void runInExecutorFromAnotherLoopGetsItsOutcomeOnItsOwnLoop() throws Exception {
        try (var group = io.corio.loop.LoopGroup.start(1)) {
            EventLoop poolLoop = group.next();
            ProcessPoolExecutor pool = poolLoop.submit(() -> ProcessPoolExecutor.start(poolLoop, 1).await())
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            try {
                long pid = loop.runUntilComplete(() -> Async.timeout(Duration.ofSeconds(30),
                        () -> loop.runInExecutor(pool, (SerializableCallable<Long>) PoolTasks::pid).await()));
                assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
            } finally {
                poolLoop.submit(() -> pool.shutdown().await()).get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void executeRefusesARunnableThatIsNotSerializable() {
        String message = withPool(1, pool -> {
            try {
                pool.execute(() -> { });
                return "accepted";
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return e.getMessage();
            }
        });
        assertThat(message).startsWith("a process pool needs a Serializable Runnable");
    }
}
