package io.corio.loop;

import java.util.Set;

/**
 * What {@link Async#waitFor} returns: the futures that were done and those still pending when it returned, each in
 * the order they were given.
 */
public record WaitResult<T>(Set<Future<T>> done, Set<Future<T>> pending) {
    public WaitResult {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
