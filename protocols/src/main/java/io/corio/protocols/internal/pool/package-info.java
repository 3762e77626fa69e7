/**
 * The process pool's insides: the wire messages ({@link io.corio.protocols.internal.pool.Messages}), the parent's
 * view of the workers ({@link io.corio.protocols.internal.pool.PoolEngine}) and the worker JVM's main class
 * ({@link io.corio.protocols.internal.pool.WorkerMain}).
 */
package io.corio.protocols.internal.pool;
