/**
 * Micro-benchmarks of the event loop (JMH) and a memory probe for parked coroutines.
 *
 * <p>Every benchmark here reports <em>nanoseconds per operation</em> (JMH mode {@code AverageTime}, or
 * {@code SampleTime} for latencies): one operation is one callback, one timer, one await round trip or one
 * cross-thread submission, as each class documents. Throughput is {@code 1e9 / ns}. The same operations are
 * measured on Python's asyncio and uvloop by {@code bench/python/loop_bench.py}, and {@code bench/run-loop-bench.sh}
 * prints them side by side. See {@code docs/performance-loop.md}.
 *
 * <p>The loop runs on the JMH worker thread (a platform thread), except in {@link
 * io.corio.bench.CallSoonThreadsafeBench}, where it runs on a {@link io.corio.loop.LoopGroup} thread.
 */
package io.corio.bench;
