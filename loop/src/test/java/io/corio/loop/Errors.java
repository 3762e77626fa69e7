package io.corio.loop;

import java.util.ArrayList;
import java.util.List;

/** An exception handler for tests: records every context it receives. */
final class Errors implements ExceptionHandler {
    final List<ErrorContext> contexts = new ArrayList<>();

    static Errors on(EventLoop loop) {
        var errors = new Errors();
        loop.setExceptionHandler(errors);
        return errors;
    }

    @Override
    public synchronized void handle(EventLoop loop, ErrorContext context) {
        contexts.add(context);
    }

    synchronized List<String> messages() {
        return contexts.stream().map(ErrorContext::message).toList();
    }

    synchronized List<Throwable> exceptions() {
        return contexts.stream().map(ErrorContext::exception).toList();
    }
}
