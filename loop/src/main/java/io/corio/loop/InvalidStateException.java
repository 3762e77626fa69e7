package io.corio.loop;

/**
 * An operation does not fit the current state of its object: {@code result()} on a pending future, a second
 * {@code setResult}, {@code runForever} on a running or closed loop, {@code spawn} on a closed task group.
 */
public class InvalidStateException extends IllegalStateException {
    public InvalidStateException(String message) {
        super(message);
    }

    public InvalidStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
