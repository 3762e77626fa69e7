package io.corio.protocols;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@code Callable} that Java serialization can carry to a {@link ProcessPoolExecutor} worker. A lambda is
 * serializable only when its target type is, so write {@code pool.submit(() -> countPrimes(n))} (the parameter
 * type makes it one) or cast it: {@code loop.runInExecutor(pool, (SerializableCallable<Long>) () -> countPrimes(n))}.
 * What the lambda captures must be serializable too.
 *
 * @param <T> the result type, which must be serializable as well (or null)
 */
@FunctionalInterface
public interface SerializableCallable<T> extends Callable<T>, Serializable {
}
