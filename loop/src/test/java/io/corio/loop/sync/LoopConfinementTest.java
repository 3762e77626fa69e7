package io.corio.loop.sync;

import io.corio.loop.InvalidStateException;
import io.corio.loop.Task;
import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class LoopConfinementTest {
    private final TestLoop loop = TestLoop.create();
    private final TestLoop other = TestLoop.create();

    @AfterEach
    void close() {
        TestLoops.closeCleanly(loop);
        TestLoops.closeCleanly(other);
    }

    /** Every suspending method, on primitives that would not even need to wait. */
    private static Map<String, Runnable> suspendingCalls() {
        var calls = new LinkedHashMap<String, Runnable>();
        calls.put("Lock.acquire", new Lock()::acquire);
        calls.put("Lock.hold", new Lock()::hold);
        var event = new Event();
        event.set();
        calls.put("Event.await", event::await);
        calls.put("Condition.await", new Condition()::await);
        calls.put("Condition.awaitUntil", () -> new Condition().awaitUntil(() -> true));
        calls.put("Semaphore.acquire", new Semaphore(1)::acquire);
        calls.put("BoundedSemaphore.hold", new BoundedSemaphore(1)::hold);
        calls.put("Barrier.await", new Barrier(1)::await);
        calls.put("Queue.put", () -> new Queue<String>().put("x"));
        var full = new Queue<String>();
        full.offer("x");
        calls.put("Queue.get", full::get);
        calls.put("Queue.join", new Queue<String>()::join);
        return calls;
    }

    @Test
    void suspendingMethodsOnAPlainThreadThrowIllegalStateException() {
        suspendingCalls().forEach((name, call) -> assertThatThrownBy(call::run).as(name)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be called inside a task"));
    }

    @Test
    void suspendingMethodsInAPlainCallbackThrowIllegalStateException() {
        var failures = new LinkedHashMap<String, Throwable>();
        loop.callSoon(() -> suspendingCalls().forEach((name, call) -> failures.put(name, catchThrowable(call::run))));
        loop.runReady();
        assertThat(failures).hasSize(suspendingCalls().size()).allSatisfy((name, failure) -> assertThat(failure)
                .as(name).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a task"));
    }

    @Test
    void aPrimitiveUsedByATaskOfAnotherLoopThrowsInvalidStateException() {
        var lock = new Lock();
        loop.runUntilComplete(() -> lock.hold());
        assertThat(lock.isLocked()).isTrue();
        Task<Void> intruder = other.createTask(() -> {
            lock.acquire();
            return null;
        });
        Task<Boolean> tryIntruder = other.createTask(lock::tryAcquire);
        other.runReady();
        assertThatThrownBy(intruder::result).isInstanceOf(InvalidStateException.class)
                .hasMessageContaining("bound to another event loop");
        assertThatThrownBy(tryIntruder::result).isInstanceOf(InvalidStateException.class);
    }

    @Test
    void aQueueUsedFromACallbackOfAnotherLoopThrowsInvalidStateException() {
        var queue = new Queue<String>();
        loop.createTask(queue::get);
        loop.runReady();
        var failure = new AtomicReference<Throwable>();
        other.callSoon(() -> failure.set(catchThrowable(() -> queue.offer("x"))));
        other.runReady();
        assertThat(failure.get()).isInstanceOf(InvalidStateException.class);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aBoundPrimitiveUsedFromAPlainThreadWhileItsLoopRunsThrowsInvalidStateException() {
        var event = new Event();
        loop.createTask(() -> {
            event.await();
            return null;
        });
        loop.runReady();
        var failure = new AtomicReference<Throwable>();
        loop.callSoon(() -> {
            Thread intruder = Thread.ofPlatform().start(() -> failure.set(catchThrowable(event::set)));
            try {
                intruder.join();  // blocks the loop for a moment, so that it is running throughout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.runReady();
        assertThat(failure.get()).isInstanceOf(InvalidStateException.class).hasMessageContaining("another thread");
        assertThat(event.isSet()).isFalse();
    }

    @Test
    void thePrimitivesCanBeSetUpAndInspectedFromTheLoopsThreadWhileItIsNotRunning() {
        var queue = new Queue<String>();
        queue.offer("prepared");
        Task<String> t = loop.createTask(queue::get);
        loop.runReady();
        assertThat(t.result()).isEqualTo("prepared");
        queue.offer("after");  // the loop is bound but idle: this thread drives it
        assertThat(queue.poll()).isEqualTo("after");
    }

    @Test
    void nonSuspendingMethodsWorkInAPlainCallbackOfTheBoundLoop() {
        var event = new Event();
        var queue = new Queue<String>();
        Task<String> t = loop.createTask(() -> {
            event.await();
            return queue.get();
        });
        loop.runReady();
        loop.callSoon(() -> {
            queue.offer("x");
            event.set();
        });
        loop.runReady();
        assertThat(t.result()).isEqualTo("x");
    }
}
