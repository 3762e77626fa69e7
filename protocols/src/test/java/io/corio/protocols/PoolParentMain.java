package io.corio.protocols;

import io.corio.loop.Async;
import io.corio.loop.EventLoop;
import java.time.Duration;

/**
 * A parent process for {@link ProcessPoolParentDeathTest}: starts a pool of one worker, prints the worker's pid
 * on a line of its own, and waits to be killed.
 */
public final class PoolParentMain {
    private PoolParentMain() {
    }

    public static void main(String[] args) {
        EventLoop.run(() -> {
            var pool = ProcessPoolExecutor.start(Async.runningLoop(), 1).await();
            System.out.println("worker " + pool.submit(PoolTasks::pid).await());
            System.out.flush();
            Async.sleep(Duration.ofMinutes(5));
            return null;
        });
    }
}
