#!/usr/bin/python3
"""Prints the side-by-side markdown table of one bench/run-loop-bench.sh run.

    /usr/bin/python3 bench/python/report.py bench/results/<run>

Reads from that folder: jmh-*.json (JMH's -rf json output), memory.txt (ParkedCoroutineMemory's output, its
RESULT line), asyncio-*.json and uvloop-*.json (loop_bench.py --json), and env.txt (the machine, written by the
run script). Corio's figure is the median of JMH's measurement iterations (p50 of the samples for the latency);
Python's is the median of loop_bench.py's repeats (p50 for the latency). A second table gives the best
iteration / repeat of each, which a busy machine disturbs less.
"""
import glob
import json
import os
import re
import statistics
import sys

# (label, JMH benchmark, Python operation, unit of one operation, kind)
ROWS = [
    ("callSoon, batch of 1024", "CallSoonBench.batch[channel=idle-pipe]", "call_soon_batch", "callback", "rate"),
    ("callSoon, chain (1 per iteration), no channel", "CallSoonBench.chain[channel=none]", "call_soon_chain",
     "callback", "rate"),
    ("callSoon, chain (1 per iteration), a channel registered", "CallSoonBench.chain[channel=idle-pipe]",
     "call_soon_chain", "callback", "rate"),
    ("callLater + cancel, 10k live timers", "TimerChurnBench.churn[liveTimers=10000]", "timer_churn", "timer", "rate"),
    ("callLater(0) + fire, 10k live timers", "TimerChurnBench.fire[liveTimers=10000]", "timer_fire", "timer", "rate"),
    ("await round trip (future set by a callback), no channel", "AwaitRoundTripBench.awaitCallback[channel=none]",
     "await_callback", "round trip", "rate"),
    ("await round trip (future set by a callback), a channel registered",
     "AwaitRoundTripBench.awaitCallback[channel=idle-pipe]", "await_callback", "round trip", "rate"),
    ("ping-pong round trip (two tasks), no channel", "AwaitRoundTripBench.pingPong[channel=none]", "ping_pong",
     "round trip", "rate"),
    ("ping-pong round trip (two tasks), a channel registered", "AwaitRoundTripBench.pingPong[channel=idle-pipe]",
     "ping_pong", "round trip", "rate"),
    ("callSoonThreadsafe throughput", "CallSoonThreadsafeBench.throughput", "threadsafe_throughput",
     "submission", "rate"),
    ("callSoonThreadsafe latency to an idle loop, p50", "CallSoonThreadsafeBench.latency", "threadsafe_latency",
     "submission", "latency"),
    ("heap per parked idle coroutine", None, "parked_memory", "task", "memory"),
]


def load_jmh(run):
    scores = {}
    for path in sorted(glob.glob(os.path.join(run, "jmh-*.json"))):
        with open(path) as f:
            for b in json.load(f):
                name = ".".join(b["benchmark"].split(".")[-2:])
                if b.get("params"):
                    name += "[" + ",".join(f"{k}={v}" for k, v in sorted(b["params"].items())) + "]"
                m = b["primaryMetric"]
                if b["mode"] == "sample":
                    scores[name] = {"ns": m["scorePercentiles"]["50.0"], "p99": m["scorePercentiles"]["99.0"],
                                    "mean": m["score"]}
                else:
                    raw = [x for fork in m["rawData"] for x in fork]
                    scores[name] = {"ns": statistics.median(raw), "best": min(raw), "mean": m["score"],
                                    "err": m["scoreError"]}
    return scores


def load_python(run, kind):
    results = {}
    info = None
    for path in sorted(glob.glob(os.path.join(run, kind + "-*.json"))):
        with open(path) as f:
            data = json.load(f)
        info = info or data["info"]
        results.update(data["results"])
    return info, results


def load_memory(run):
    path = os.path.join(run, "memory.txt")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        m = re.search(r"^RESULT (.*)$", f.read(), re.M)
    return {k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())} if m else None


def python_value(results, op, kind):
    r = results.get(op)
    if r is None:
        return None
    if kind == "memory":
        return r["tracemalloc_bytes_per_task"]
    if kind == "latency":
        return r["p50_ns"]
    return r["median_ns"]


def fmt(value, kind):
    if value is None:
        return "n/a"
    if kind == "memory":
        return f"{value:,.0f} B"
    if kind == "latency":
        return f"{value / 1000:,.1f} µs"
    rate = 1e9 / value
    rate_text = f"{rate / 1e6:,.1f} M/s" if rate >= 1e6 else f"{rate / 1e3:,.0f} k/s"
    return f"{value:,.1f} ns ({rate_text})"


def compare(corio, uv, kind, unit):
    if corio is None or uv is None:
        return "n/a"
    if kind == "memory":
        return f"{corio / uv:.2f}x uvloop's bytes"
    if kind == "latency":
        r = uv / corio
        return f"{r:.2f}x uvloop's speed" + ("" if r >= 1 else f" (uvloop {1 / r:.1f}x quicker)")
    r = uv / corio
    return f"{r:.1f}x uvloop's {unit}s/s" if r >= 1 else f"{r:.2f}x uvloop's {unit}s/s (uvloop {1 / r:.1f}x faster)"


def main():
    run = sys.argv[1]
    jmh = load_jmh(run)
    memory = load_memory(run)
    aio_info, aio = load_python(run, "asyncio")
    uv_info, uv = load_python(run, "uvloop")
    env_path = os.path.join(run, "env.txt")
    if os.path.exists(env_path):
        with open(env_path) as f:
            print(f.read().rstrip())
    if aio_info:
        print(f"- Python: {aio_info['python']} ({aio_info['executable']})"
              + (f", uvloop {uv_info['uvloop']}" if uv_info else ", uvloop not installed"))
    print()
    print("| operation | Corio | asyncio | uvloop | Corio vs uvloop |")
    print("|---|---:|---:|---:|---|")
    corio_values = {}
    for label, bench, op, unit, kind in ROWS:
        if kind == "memory":
            corio = memory["bytes_per_task"] if memory else None
        else:
            corio = jmh.get(bench, {}).get("ns")
        corio_values[op] = corio
        uvv = python_value(uv, op, kind)
        print(f"| {label} | {fmt(corio, kind)} | {fmt(python_value(aio, op, kind), kind)} | {fmt(uvv, kind)}"
              f" | {compare(corio, uvv, kind, unit)} |")
    print()
    print("Times are per operation (lower is better), with the rate in brackets. Corio: median of the JMH"
          " measurement iterations (latency: p50 of the samples). Python: median of the repeats (latency: p50).")
    print()
    print("Best iteration (Corio) and best repeat (Python), the figures least disturbed by other load:")
    print()
    print("| operation | Corio best | asyncio best | uvloop best | Corio vs uvloop |")
    print("|---|---:|---:|---:|---|")
    for label, bench, op, unit, kind in ROWS:
        if kind != "rate":
            continue
        corio = jmh.get(bench, {}).get("best")
        uvb = uv.get(op, {}).get("best_ns")
        print(f"| {label} | {fmt(corio, kind)} | {fmt(aio.get(op, {}).get('best_ns'), kind)} | {fmt(uvb, kind)}"
              f" | {compare(corio, uvb, kind, unit)} |")
    print()
    if "CallSoonThreadsafeBench.latency" in jmh and "threadsafe_latency" in uv:
        j = jmh["CallSoonThreadsafeBench.latency"]
        print(f"Latency p99: Corio {j['p99'] / 1000:,.1f} µs, asyncio "
              f"{aio.get('threadsafe_latency', {}).get('p99_ns', float('nan')) / 1000:,.1f} µs, "
              f"uvloop {uv['threadsafe_latency']['p99_ns'] / 1000:,.1f} µs.")
    if memory:
        print(f"Corio heap per parked coroutine: {memory['jvm_bytes_per_task']:.0f} B of it is the JVM's virtual"
              f" thread (VirtualThread, Continuation, StackChunk, thread-container entry),"
              f" {memory['corio_bytes_per_task']:.0f} B Corio's own objects; the rest is lambdas, collections, the"
              f" thread's name and the loop's set of pending tasks (see memory.txt).")
    print()
    print("Project targets:")
    batch, uv_batch = corio_values["call_soon_batch"], python_value(uv, "call_soon_batch", "rate")
    await_ns = corio_values["await_callback"]
    mem = corio_values["parked_memory"]
    if batch and uv_batch:
        ratio = uv_batch / batch
        print(f"- callSoon throughput >= 10x uvloop's call_soon: {ratio:.1f}x (batch) -> "
              f"{'met' if ratio >= 10 else 'NOT met'}")
    if await_ns:
        print(f"- await round trip <= 1 µs: {await_ns:,.0f} ns -> {'met' if await_ns <= 1000 else 'NOT met'}")
    if mem:
        print(f"- heap <= 1.5 KB (1536 B) per parked idle coroutine: {mem:,.0f} B -> "
              f"{'met' if mem <= 1536 else 'NOT met'}")


if __name__ == "__main__":
    main()
