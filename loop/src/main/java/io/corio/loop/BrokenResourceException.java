package io.corio.loop;

/**
 * The resource broke underneath the operation (a barrier that was aborted or reset while parties waited, a peer
 * that reset a connection). Unlike {@link ClosedResourceException}, nobody on this side asked for it.
 */
public class BrokenResourceException extends RuntimeException {
    public BrokenResourceException(String message) {
        super(message);
    }

    public BrokenResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
