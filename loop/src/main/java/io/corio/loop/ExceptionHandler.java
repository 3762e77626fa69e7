package io.corio.loop;

/**
 * Receives errors that have no caller to go to (see {@link ErrorContext}). Set one with
 * {@link EventLoop#setExceptionHandler}; the default logs the context at ERROR level on the
 * {@code io.corio.loop} {@link System.Logger}.
 *
 * <p>Called on the loop thread, once per error. An exception thrown by the handler is logged and swallowed:
 * it never stops the loop.
 */
@FunctionalInterface
public interface ExceptionHandler {
    void handle(EventLoop loop, ErrorContext context);
}
