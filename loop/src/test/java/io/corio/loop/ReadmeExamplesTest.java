package io.corio.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples in README.md, kept compiling and true here. Change both together. */
class ReadmeExamplesTest {

    @Test
    void callbackExample() {
        List<String> out = new ArrayList<>();
        // README: callbacks
        try (var loop = EventLoop.create()) {
            loop.callSoon(() -> out.add("soon"));
            loop.callLater(Duration.ofMillis(50), () -> {
                out.add("50 ms later");
                loop.stop();
            });
            loop.callLater(Duration.ofMillis(10), () -> out.add("10 ms later"));
            loop.runForever();
        }
        // end
        assertThat(out).containsExactly("soon", "10 ms later", "50 ms later");
    }

    @Test
    void coroutineExample() {
        // README: coroutines
        String result = EventLoop.run(() -> {
            try (var group = TaskGroup.open()) {
                var a = group.spawn(() -> {
                    Async.sleep(Duration.ofMillis(20));
                    return "a";
                });
                var b = group.spawn(() -> Async.timeout(Duration.ofSeconds(2), () -> {
                    Async.sleep(Duration.ofMillis(10));
                    return "b";
                }));
                return a.await() + b.await();
            }
        });
        // end
        assertThat(result).isEqualTo("ab");
    }
}
