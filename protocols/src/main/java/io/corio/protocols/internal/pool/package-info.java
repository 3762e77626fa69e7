/**
 * The process pool's insides: the wire messages ({@link io.corio.protocols.internal.pool.Messages}), the parent's
 * view of one worker ({@link io.corio.protocols.internal.pool.WorkerSlot}) and the worker JVM's main class
 * ({@link io.corio.protocols.internal.pool.WorkerMain}).
 */
package io.corio.protocols.internal.pool;
