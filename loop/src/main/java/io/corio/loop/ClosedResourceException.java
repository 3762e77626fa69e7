package io.corio.loop;

/**
 * The resource was closed by this side (a shut-down queue, a closed transport or loop) and the operation cannot
 * proceed. Retrying does not help.
 */
public class ClosedResourceException extends IllegalStateException {
    public ClosedResourceException(String message) {
        super(message);
    }
}
