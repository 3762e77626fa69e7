package io.corio.loop;

/**
 * A deadline set by {@link Async#timeout} (or another Corio timeout) passed before the work finished. The work was
 * cancelled; its {@link CancelledException} is the cause. Unchecked, unlike
 * {@code java.util.concurrent.TimeoutException}, because it crosses coroutine lambdas.
 */
public class TimeoutException extends RuntimeException {
    public TimeoutException(String message) {
        super(message);
    }

    public TimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
