package io.corio.loop;

import io.corio.loop.testing.TestLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

class TaskGroupTest {
    private final TestLoop loop = TestLoop.create();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        loop.close();
    }

    private Callable<String> sleeper(String name, Duration d) {
        return () -> {
            try {
                Async.sleep(d);
                events.add(name + " done");
                return name;
            } catch (CancelledException e) {
                events.add(name + " cancelled");
                throw e;
            }
        };
    }

    private Callable<String> failer(String name, Duration d, Exception e) {
        return () -> {
            Async.sleep(d);
            events.add(name + " failed");
            throw e;
        };
    }

    @Test
    void closeWaitsForEveryChild() {
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(sleeper("a", Duration.ofSeconds(1)));
                group.spawn(sleeper("b", Duration.ofSeconds(2)));
            }
            events.add("group closed");
            return "ok";
        });
        loop.advance(Duration.ofSeconds(3));
        assertThat(parent.result()).isEqualTo("ok");
        assertThat(events).containsExactly("a done", "b done", "group closed");
    }

    @Test
    void theDesignExampleAddsTwoResults() {
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                var a = group.spawn(sleeper("a", Duration.ofMillis(10)));
                var b = group.spawn(() -> Async.timeout(Duration.ofSeconds(2), sleeper("b", Duration.ofMillis(20))));
                return a.await() + b.await();
            }
        });
        assertThat(loop.runUntilComplete(parent)).isEqualTo("ab");
    }

    @Test
    void aFailingChildCancelsItsSiblingsAndTheFailureReachesTheBody() {
        var boom = new IOException("b broke");
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                var a = group.spawn(sleeper("a", Duration.ofSeconds(10)));
                group.spawn(failer("b", Duration.ofSeconds(1), boom));
                return a.await();   // throws b's failure, not a's cancellation
            }
        });
        loop.advance(Duration.ofSeconds(2));
        assertThat(parent.exception()).isSameAs(boom);
        assertThat(events).containsExactly("b failed", "a cancelled");
    }

    @Test
    void aFailureAfterTheBodyFinishedIsThrownFromClose() {
        var boom = new IllegalStateException("late failure");
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(sleeper("a", Duration.ofSeconds(10)));
                group.spawn(failer("b", Duration.ofSeconds(1), boom));
            }
            return "unreachable";
        });
        loop.advance(Duration.ofSeconds(2));
        assertThat(parent.exception()).isSameAs(boom);
        assertThat(events).containsExactly("b failed", "a cancelled");
    }

    @Test
    void laterFailuresAreSuppressedIntoTheFirst() {
        var first = new IOException("first");
        var second = new IOException("second");
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(failer("x", Duration.ofSeconds(1), first));
                group.spawn(() -> {
                    try {
                        Async.sleep(Duration.ofSeconds(5));
                    } finally {
                        throw second;   // fails while being cancelled
                    }
                });
            }
            return "unreachable";
        });
        loop.advance(Duration.ofSeconds(2));
        assertThat(parent.exception()).isSameAs(first);
        assertThat(first.getSuppressed()).containsExactly(second);
    }

    @Test
    void cancellingTheParentCancelsTheChildrenAndWaitsForThem() {
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                group.spawn(sleeper("a", Duration.ofSeconds(10)));
                group.spawn(sleeper("b", Duration.ofSeconds(10)));
                Async.sleep(Duration.ofSeconds(10));
            } finally {
                events.add("parent finally");
            }
            return "unreachable";
        });
        loop.advance(Duration.ofSeconds(1));
        parent.cancel();
        loop.runReady();
        assertThat(parent.isCancelled()).isTrue();
        assertThat(events).containsExactly("a cancelled", "b cancelled", "parent finally");
    }

    @Test
    void cancelledChildrenAreNotFailures() {
        Task<String> parent = loop.createTask(() -> {
            try (var group = TaskGroup.open()) {
                var a = group.spawn(sleeper("a", Duration.ofSeconds(10)));
                group.spawn(sleeper("b", Duration.ofSeconds(1)));
                Async.sleep(Duration.ofMillis(10));
                a.cancel();
            }
            return "fine";
        });
        loop.advance(Duration.ofSeconds(2));
        assertThat(parent.result()).isEqualTo("fine");
        assertThat(events).containsExactly("a cancelled", "b done");
    }

    @Test
    void spawnAfterCloseIsRefused() {
        Task<Throwable> parent = loop.createTask(() -> {
            var group = TaskGroup.open();
            group.close();
            try {
                group.spawn(() -> 1);
                return null;
            } catch (InvalidStateException e) {
                return e;
            }
        });
        loop.runReady();
        assertThat(parent.result()).hasMessageContaining("closed");
    }

    @Test
    void runCancelsTheChildrenWhenTheBodyFailsOnItsOwn() {
        var bodyError = new IllegalArgumentException("body broke");
        Task<String> parent = loop.createTask(() -> TaskGroup.run(group -> {
            group.spawn(sleeper("a", Duration.ofHours(1)));
            Async.sleep(Duration.ofSeconds(1));
            throw bodyError;
        }));
        loop.advance(Duration.ofSeconds(2));
        assertThat(parent.exception()).isSameAs(bodyError);
        assertThat(events).containsExactly("a cancelled");
    }

    @Test
    void runReturnsTheBodysValueAfterTheChildren() {
        Task<Integer> parent = loop.createTask(() -> TaskGroup.run(group -> {
            var a = group.spawn(() -> 20);
            var b = group.spawn(() -> 22);
            return a.await() + b.await();
        }));
        assertThat(loop.runUntilComplete(parent)).isEqualTo(42);
    }

    @Test
    void runThrowsTheChildFailureWithTheBodysOwnErrorSuppressed() {
        var boom = new IOException("child");
        Task<String> parent = loop.createTask(() -> TaskGroup.run(group -> {
            group.spawn(failer("c", Duration.ofSeconds(1), boom));
            Async.sleep(Duration.ofSeconds(5));
            return "unreachable";
        }));
        loop.advance(Duration.ofSeconds(2));
        assertThat(parent.exception()).isSameAs(boom);
    }

    @Test
    void openingAGroupOutsideATaskIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(TaskGroup::open).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void childrenMaySpawnIntoTheirGroup() {
        Task<Integer> parent = loop.createTask(() -> {
            var count = new int[1];
            try (var group = TaskGroup.open()) {
                group.spawn(() -> {
                    count[0]++;
                    group.spawn(() -> count[0]++);
                    return null;
                });
            }
            return count[0];
        });
        assertThat(loop.runUntilComplete(parent)).isEqualTo(2);
    }
}
