package io.corio.protocols.internal.pool;

import io.corio.protocols.RemoteTaskException;

/** Turns a worker's {@link Messages.Failure} back into an exception in the pool's JVM. */
final class RemoteFailures {
    private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];

    private RemoteFailures() {
    }

    /**
     * The task's own exception with its worker stack trace and a suppressed {@link RemoteTaskException} naming the
     * worker, or a {@code RemoteTaskException} with the remote class name and stack when the original cannot be
     * rebuilt here.
     */
    static Throwable rebuild(Messages.Failure failure, WorkerSlot slot) {
        String where = "raised in pool " + slot.describe();
        String why;
        if (failure.serialised() != null) {
            try {
                Throwable original = (Throwable) Messages.fromBytes(failure.serialised());
                var marker = new RemoteTaskException(where, failure.className(), slot.pid());
                marker.setStackTrace(NO_STACK);
                original.addSuppressed(marker);
                return original;
            } catch (Exception | LinkageError e) {
                why = "cannot be deserialised here: " + e;
            }
        } else {
            why = "could not be serialised in the worker";
        }
        var remote = new RemoteTaskException(failure.className() + (failure.message() != null ? ": "
                + failure.message() : "") + " (" + where + "; the exception " + why + ")", failure.className(),
                slot.pid());
        remote.setStackTrace(failure.stack());
        return remote;
    }
}
