/**
 * The event loop and coroutines: {@link io.corio.loop.EventLoop} (callbacks, timers, I/O readiness, signals,
 * executors), {@link io.corio.loop.Future}, {@link io.corio.loop.Task} (a coroutine: a virtual thread scheduled by
 * the loop), {@link io.corio.loop.Async} (sleep, gather, waitFor, timeout, shield), {@link io.corio.loop.TaskGroup}
 * (structured concurrency), {@link io.corio.loop.LoopGroup} (one loop per core) and
 * {@link io.corio.loop.BlockingReader} (files, TTYs and process streams, which the selector cannot watch, read on
 * a helper virtual thread).
 *
 * <p>Everything here is loop-confined unless its documentation says otherwise: call it on the loop's thread, in a
 * callback or a coroutine of that loop. Loop-confined primitives for coroutines (locks, events, queues) are in
 * {@code io.corio.loop.sync}; a loop on virtual time for tests is in {@code io.corio.loop.testing}.
 */
package io.corio.loop;
