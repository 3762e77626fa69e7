#!/usr/bin/python3
"""The Python side of Corio's loop benchmarks: the same operations as bench/src/main/java/io/corio/bench, on
asyncio's default loop or on uvloop.

    /usr/bin/python3 bench/python/loop_bench.py --loop asyncio
    /usr/bin/python3 bench/python/loop_bench.py --loop uvloop --json out.json

Use the system interpreter (/usr/bin/python3, where Debian's python3-uvloop is installed), not whatever
`python3` is first on PATH. Every figure is nanoseconds per operation, timed with time.perf_counter over a batch
of operations; each operation is repeated --repeat times (after one unmeasured warm-up repeat) and the best
and the median are reported. The median is what bench/run-loop-bench.sh puts in its table.

Operations (ns per ...):
  call_soon_batch        callback: schedule 1024 callbacks, run the loop until the last one stops it
  call_soon_chain        callback: each callback call_soon()s the next, 1024 hops, one loop iteration each
  timer_churn            timer: call_later(1 h 30 s) + cancel(), 1024 of them, then one loop iteration;
                         10 000 live timers in the heap
  timer_fire             timer: call_later(0) 1024 times, run until all fired; 10 000 live timers in the heap
  await_callback         round trip: a task awaits a future that a call_soon() callback completes
  ping_pong              round trip: two tasks hand a turn back and forth through futures
  threadsafe_throughput  submission: call_soon_threadsafe() 1024 times from another thread, until the last ran
  threadsafe_latency     submission: one call_soon_threadsafe() to an idle loop (blocked in epoll), submit to
                         callback; p50 and p99 of the samples
  parked_memory          bytes per task parked on its own never-completed future (tracemalloc; RSS as a check)
"""
import argparse
import asyncio
import gc
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
import tracemalloc

N = 1024                  # operations per batch, as in the JMH benchmarks
LIVE_TIMERS = 10_000      # TimerChurnBench.liveTimers
TARGET_SECONDS = 0.25     # length of one measured repeat


def new_loop(kind):
    if kind == "uvloop":
        import uvloop
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def never():
    raise AssertionError("a benchmark timer fired")


# ------------------------------------------------------------------------------------------- single-thread ops
# Each function runs `rounds` batches of N operations on `loop` and returns the elapsed seconds.

def call_soon_batch(loop, rounds):
    remaining = 0

    def tick():
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            loop.stop()

    call_soon = loop.call_soon
    t0 = time.perf_counter()
    for _ in range(rounds):
        remaining = N
        for _ in range(N):
            call_soon(tick)
        loop.run_forever()
    return time.perf_counter() - t0


def call_soon_chain(loop, rounds):
    remaining = 0
    call_soon = loop.call_soon

    def hop():
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            loop.stop()
        else:
            call_soon(hop)

    t0 = time.perf_counter()
    for _ in range(rounds):
        remaining = N
        call_soon(hop)
        loop.run_forever()
    return time.perf_counter() - t0


def add_live_timers(loop):
    rnd = random.Random(42)
    return [loop.call_later(3600 + rnd.randrange(60_000) / 1000, never) for _ in range(LIVE_TIMERS)]


def timer_churn(loop, rounds):
    call_later = loop.call_later
    t0 = time.perf_counter()
    for _ in range(rounds):
        for _ in range(N):
            h = call_later(3630, never)
            h.cancel()
        loop.call_soon(loop.stop)
        loop.run_forever()
    return time.perf_counter() - t0


def timer_fire(loop, rounds):
    remaining = 0

    def fire():
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            loop.stop()

    call_later = loop.call_later
    t0 = time.perf_counter()
    for _ in range(rounds):
        remaining = N
        for _ in range(N):
            call_later(0, fire)
        loop.run_forever()
    return time.perf_counter() - t0


def await_callback(loop, rounds):
    async def body():
        total = 0
        create_future = loop.create_future
        call_soon = loop.call_soon
        for i in range(N):
            f = create_future()
            call_soon(f.set_result, i)
            total += await f
        return total

    t0 = time.perf_counter()
    for _ in range(rounds):
        loop.run_until_complete(body())
    return time.perf_counter() - t0


def ping_pong(loop, rounds):
    box = {}

    async def pong():
        for _ in range(N):
            v = await box["to_pong"]
            box["to_pong"] = loop.create_future()   # before waking ping, which completes it next
            box["to_ping"].set_result(v)

    async def ping():
        s = 0
        for i in range(N):
            mine = loop.create_future()
            box["to_ping"] = mine                   # before waking pong, which completes it next
            box["to_pong"].set_result(i)
            s += await mine
        return s

    t0 = time.perf_counter()
    for _ in range(rounds):
        box["to_pong"] = loop.create_future()
        other = loop.create_task(pong())
        loop.run_until_complete(ping())
        loop.run_until_complete(other)
    return time.perf_counter() - t0


SINGLE_THREAD_OPS = {
    "call_soon_batch": (call_soon_batch, False),
    "call_soon_chain": (call_soon_chain, False),
    "timer_churn": (timer_churn, True),
    "timer_fire": (timer_fire, True),
    "await_callback": (await_callback, False),
    "ping_pong": (ping_pong, False),
}


def calibrate(fn, loop):
    """Rounds per repeat so that one repeat takes about TARGET_SECONDS."""
    rounds = 1
    while True:
        elapsed = fn(loop, rounds)
        if elapsed >= TARGET_SECONDS / 4 or rounds >= 1 << 16:
            return max(1, int(rounds * TARGET_SECONDS / max(elapsed, 1e-9)))
        rounds *= 2


def measure_single(kind, name, repeat):
    fn, with_timers = SINGLE_THREAD_OPS[name]
    loop = new_loop(kind)
    try:
        if with_timers:
            add_live_timers(loop)
        rounds = calibrate(fn, loop)
        fn(loop, rounds)  # warm-up repeat
        samples = [fn(loop, rounds) * 1e9 / (rounds * N) for _ in range(repeat)]
    finally:
        loop.close()
    return {"best_ns": min(samples), "median_ns": statistics.median(samples), "samples_ns": samples,
            "ops_per_repeat": rounds * N}


# -------------------------------------------------------------------------------------------- cross-thread ops

class LoopThread:
    """A loop running forever on its own thread, like LoopGroup.start(1)."""

    def __init__(self, kind):
        ready = threading.Event()

        def run():
            self.loop = new_loop(kind)
            self.loop.call_soon(ready.set)
            self.loop.run_forever()
            self.loop.close()

        self.thread = threading.Thread(target=run, name="bench-loop", daemon=True)
        self.thread.start()
        ready.wait()

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def threadsafe_throughput(kind, repeat):
    lt = LoopThread(kind)
    try:
        submit = lt.loop.call_soon_threadsafe
        done = threading.Event()

        def tick():
            pass

        def batch(rounds):
            t0 = time.perf_counter()
            for _ in range(rounds):
                done.clear()
                for _ in range(N - 1):
                    submit(tick)
                submit(done.set)
                done.wait()
            return time.perf_counter() - t0

        rounds = 1
        while (elapsed := batch(rounds)) < TARGET_SECONDS / 4 and rounds < 1 << 14:
            rounds *= 2
        rounds = max(1, int(rounds * TARGET_SECONDS / elapsed))
        batch(rounds)
        samples = [batch(rounds) * 1e9 / (rounds * N) for _ in range(repeat)]
    finally:
        lt.close()
    return {"best_ns": min(samples), "median_ns": statistics.median(samples), "samples_ns": samples,
            "ops_per_repeat": rounds * N}


def threadsafe_latency(kind, repeat, seconds_per_repeat=1.0):
    """One submission to a loop that is blocked in its selector (the submitter sleeps 1 ms before each)."""
    lt = LoopThread(kind)
    try:
        submit = lt.loop.call_soon_threadsafe
        done = threading.Event()
        ran_at = [0]

        def stamp():
            ran_at[0] = time.perf_counter_ns()
            done.set()

        def sample():
            time.sleep(0.001)
            done.clear()
            t0 = time.perf_counter_ns()
            submit(stamp)
            done.wait()
            return ran_at[0] - t0

        for _ in range(200):
            sample()
        all_samples = []
        medians = []
        for _ in range(repeat):
            end = time.perf_counter() + seconds_per_repeat
            rep = []
            while time.perf_counter() < end:
                rep.append(sample())
            medians.append(statistics.median(rep))
            all_samples.extend(rep)
    finally:
        lt.close()
    all_samples.sort()
    return {"p50_ns": percentile(all_samples, 50), "p99_ns": percentile(all_samples, 99),
            "mean_ns": statistics.fmean(all_samples), "best_median_ns": min(medians), "samples": len(all_samples)}


def percentile(sorted_values, p):
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


# ------------------------------------------------------------------------------------------------- memory

def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def parked_memory(kind, count):
    """Bytes per task parked on its own pending future, as ParkedCoroutineMemory measures for Corio.

    tracemalloc counts every block Python's allocators hand out (the task, its coroutine and frame, the future,
    the loop's weak set of tasks, the done callback); the list that keeps the tasks alive here is subtracted.
    """
    loop = new_loop(kind)

    async def parked():
        await loop.create_future()

    async def warm():
        ts = [loop.create_task(parked()) for _ in range(1000)]
        await asyncio.sleep(0)
        for t in ts:
            t.cancel()
        await asyncio.gather(*ts, return_exceptions=True)

    loop.run_until_complete(warm())
    tasks = [None] * count      # allocated before the baseline: not part of the tasks' cost
    gc.collect()
    tracemalloc.start()
    traced0 = tracemalloc.get_traced_memory()[0]
    rss0 = rss_bytes()
    for i in range(count):
        tasks[i] = loop.create_task(parked())
    loop.run_until_complete(asyncio.sleep(0))     # every task's first step runs up to its await
    gc.collect()
    traced1 = tracemalloc.get_traced_memory()[0]
    rss1 = rss_bytes()
    tracemalloc.stop()
    pending = sum(1 for t in tasks if not t.done())
    if pending != count:
        raise RuntimeError(f"expected {count} parked tasks, found {pending}")
    for t in tasks:
        t.cancel()
    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.close()
    return {"tracemalloc_bytes_per_task": (traced1 - traced0) / count, "rss_bytes_per_task": (rss1 - rss0) / count,
            "tasks": count}


# --------------------------------------------------------------------------------------------------- main

ALL_OPS = list(SINGLE_THREAD_OPS) + ["threadsafe_throughput", "threadsafe_latency", "parked_memory"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    ap.add_argument("--repeat", type=int, default=7, help="measured repeats per operation (default 7)")
    ap.add_argument("--only", nargs="+", choices=ALL_OPS, default=ALL_OPS, help="operations to run")
    ap.add_argument("--tasks", type=int, default=100_000, help="parked tasks for parked_memory (default 100000)")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()

    info = {"loop": args.loop, "python": sys.version.split()[0], "executable": sys.executable,
            "machine": platform.machine(), "cpus": os.cpu_count(),
            "affinity": sorted(os.sched_getaffinity(0)), "repeat": args.repeat}
    if args.loop == "uvloop":
        import uvloop
        info["uvloop"] = uvloop.__version__
    print(f"# {args.loop} on Python {info['python']} ({sys.executable}), CPUs allowed: {info['affinity']}")
    results = {}
    # Memory first, in a process that has allocated little yet (the RSS cross-check is cleaner).
    if "parked_memory" in args.only:
        r = results["parked_memory"] = parked_memory(args.loop, args.tasks)
        print(f"parked_memory          {r['tracemalloc_bytes_per_task']:10.0f} B/task (tracemalloc)"
              f"  {r['rss_bytes_per_task']:8.0f} B/task (RSS)  tasks={r['tasks']}")
    for name in SINGLE_THREAD_OPS:
        if name in args.only:
            r = results[name] = measure_single(args.loop, name, args.repeat)
            print(f"{name:22} {r['median_ns']:10.1f} ns/op median  {r['best_ns']:10.1f} best"
                  f"  ({1e9 / r['median_ns']:,.0f} ops/s)")
    if "threadsafe_throughput" in args.only:
        r = results["threadsafe_throughput"] = threadsafe_throughput(args.loop, args.repeat)
        print(f"threadsafe_throughput  {r['median_ns']:10.1f} ns/op median  {r['best_ns']:10.1f} best"
              f"  ({1e9 / r['median_ns']:,.0f} ops/s)")
    if "threadsafe_latency" in args.only:
        r = results["threadsafe_latency"] = threadsafe_latency(args.loop, args.repeat)
        print(f"threadsafe_latency     {r['p50_ns']:10.0f} ns p50  {r['p99_ns']:10.0f} ns p99"
              f"  {r['mean_ns']:10.0f} mean  ({r['samples']} samples)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"info": info, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
