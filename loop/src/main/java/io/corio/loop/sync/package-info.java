/**
 * Synchronization primitives and queues for coroutines, with asyncio's semantics: {@link io.corio.loop.sync.Lock},
 * {@link io.corio.loop.sync.Event}, {@link io.corio.loop.sync.Condition}, {@link io.corio.loop.sync.Semaphore},
 * {@link io.corio.loop.sync.BoundedSemaphore}, {@link io.corio.loop.sync.Barrier}, and
 * {@link io.corio.loop.sync.Queue} with {@link io.corio.loop.sync.PriorityQueue} and
 * {@link io.corio.loop.sync.LifoQueue}.
 *
 * <h2>Loop-confined</h2>
 * None of these types is thread-safe, and none needs to be: a coroutine switches only where it suspends, so code
 * between two suspension points runs alone on the loop thread. A primitive binds to the loop of the first task that
 * calls one of its suspending methods (like asyncio's {@code _LoopBoundMixin}); from then on it must be used from
 * tasks and callbacks of that loop, or from any thread while that loop is not running (setting up before
 * {@code runForever}, inspecting after); a method that changes state called anywhere else throws
 * {@link io.corio.loop.InvalidStateException}. Use them to coordinate tasks of one loop; across threads use
 * {@code java.util.concurrent}, across loops {@code callSoonThreadsafe}.
 *
 * <h2>Suspending methods</h2>
 * Methods documented as <em>suspending</em> ({@code acquire}, {@code await}, {@code put}, {@code get},
 * {@code join}, ...) park the calling task until they can proceed. They must be called inside a task; from a plain
 * callback or a thread that runs no loop they throw {@link java.lang.IllegalStateException}, even when they would
 * not have needed to wait. When they need not wait they return without suspending, as in asyncio (acquiring a free
 * lock lets no other task run). Waiting tasks are served in arrival order.
 *
 * <h2>Cancellation-safe</h2>
 * A suspending method that waits is a cancellation point: if the task is cancelled (or a {@code TaskGroup} or
 * {@code Async.timeout} interrupts it) while it waits, the method throws {@link io.corio.loop.CancelledException}
 * (or the group's failure) and leaves nothing behind: a task that was granted a lock or a permit but was cancelled
 * before it resumed passes the grant to the next waiter, a getter woken for an item that it will not take leaves the
 * item for the next getter, a cancelled putter inserts nothing, and {@link io.corio.loop.sync.Condition#await()}
 * holds the lock again before the exception leaves it.
 */
package io.corio.loop.sync;
