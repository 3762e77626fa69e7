package io.corio.servers.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.corio.loop.Async;
import io.corio.loop.testing.TestLoop;
import io.corio.servers.admin.internal.TaskDump.TaskInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The /tasks text: blocks per task, stacks trimmed to user frames. */
class TaskDumpTest {
    private static StackTraceElement frame(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    @Test
    void jdkAndLoopFramesAreTrimmed() {
        var stack = new StackTraceElement[] {
            frame("java.lang.VirtualThread", "park", 1),
            frame("io.corio.loop.internal.LoopFuture", "await", 2),
            frame("com.example.Fetch", "call", 42),
            frame("jdk.internal.misc.Unsafe", "park", 3),
            frame("io.corio.servers.http.client.HttpClient", "exchange", 7),
        };
        assertThat(TaskDump.trim(stack)).extracting(StackTraceElement::getClassName)
                .containsExactly("com.example.Fetch", "io.corio.servers.http.client.HttpClient");
    }

    @Test
    void eachTaskIsOneBlockUnderItsLoop() {
        var out = new StringBuilder();
        TaskDump.format("main", List.of(
                new TaskInfo("fetch", "corio-task-1:fetch", "suspended", List.of(frame("com.example.Fetch", "call", 42))),
                new TaskInfo("idle", "corio-task-2:idle", "not started", List.of())), out);
        assertThat(out.toString()).isEqualTo("""
                loop main: 2 tasks

                task "fetch" [suspended] (corio-task-1:fetch)
                    at com.example.Fetch.call(Fetch.java:42)

                task "idle" [not started] (corio-task-2:idle)
                    (no frames outside the JDK and the Corio loop)

                """);
    }

    @Test
    void aLineBreakInATaskNameCannotForgeAnotherBlock() {
        var out = new StringBuilder();
        TaskDump.format("main", List.of(new TaskInfo("a\ntask \"b\"", "t", "running", List.of())), out);
        assertThat(out.toString().lines().filter(l -> l.startsWith("task "))).hasSize(1);
    }

    @Test
    void suspendedTaskShowsWhereItAwaits() {
        var loop = TestLoop.create();
        try {
            var task = loop.createTask(() -> {
                Async.sleep(Duration.ofSeconds(5));
                return null;
            }, "sleeper");
            loop.advance(Duration.ofSeconds(1));
            var infos = TaskDump.capture(loop.allTasks());
            assertThat(infos).singleElement().satisfies(info -> {
                assertThat(info.name()).isEqualTo("sleeper");
                assertThat(info.state()).isEqualTo("suspended");
                assertThat(info.threadName()).contains("sleeper");
                assertThat(info.frames()).anySatisfy(f -> assertThat(f.getClassName()).contains("TaskDumpTest"));
                assertThat(info.frames()).noneSatisfy(f -> assertThat(f.getClassName()).startsWith("java."));
            });
            loop.advance(Duration.ofSeconds(5));
            assertThat(task.isDone()).isTrue();
        } finally {
            loop.close();
        }
    }
}
