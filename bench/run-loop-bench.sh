#!/usr/bin/env bash
# Loop benchmarks, Corio next to Python's asyncio and uvloop, printed as one markdown table.
#
#   bench/run-loop-bench.sh                       # JMH with -f 1 -wi 3 -w 2s -i 5 -r 2s (about 6 minutes in all)
#   bench/run-loop-bench.sh -f 3 -wi 5 -i 10      # any JMH options replace the defaults
#
# Steps: build bench/target/corio-bench.jar if it is missing or older than a source; run the single-thread JMH
# benchmarks pinned to one CPU; run CallSoonThreadsafeBench on all CPUs (it needs a submitter core and a loop
# core); run the parked-coroutine memory probe; run bench/python/loop_bench.py on asyncio and uvloop the same
# way; print the table (bench/python/report.py). Everything lands in bench/results/<date>/ (not committed).
# Environment: CORIO_BENCH_PIN (default "taskset -c 0"; empty: no pinning), CORIO_BENCH_PYTHON (default
# /usr/bin/python3, where Debian's python3-uvloop installs), CORIO_BENCH_PY_REPEAT (default 7),
# CORIO_BENCH_TASKS (parked coroutines, default 100000). Each step has a time limit, so the script always ends.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
. bin/jdk.sh
jar=bench/target/corio-bench.jar
py="${CORIO_BENCH_PYTHON:-/usr/bin/python3}"
repeat="${CORIO_BENCH_PY_REPEAT:-7}"
tasks="${CORIO_BENCH_TASKS:-100000}"
pin="${CORIO_BENCH_PIN-taskset -c 0}"
if [ -n "$pin" ] && ! command -v "${pin%% *}" >/dev/null 2>&1; then
    echo "run-loop-bench: '${pin%% *}' not found, running unpinned" >&2
    pin=""
fi
if [ $# -gt 0 ]; then jmh_opts=("$@"); else jmh_opts=(-f 1 -wi 3 -w 2s -i 5 -r 2s); fi

say() { echo "run-loop-bench: $*" >&2; }
. bench/bench-lib.sh
build_args="-Pbench -pl bench -am" build_if_stale "$jar" loop bench

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
{
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr)"
    echo "- Java: $("$JAVA" -version 2>&1 | head -n 1); JMH options: ${jmh_opts[*]}"
    echo "- Pinning: single-thread benchmarks (JMH with -XX:+UseG1GC, Python) ${pin:-unpinned}; cross-thread ones and the memory probe on all CPUs"
    echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/env.txt"

# shellcheck disable=SC2086
run() { echo "run-loop-bench: $*" >&2; "$@"; }
jmh=("$JAVA" -jar "$jar" "${jmh_opts[@]}")
# shellcheck disable=SC2086
# A JVM pinned to one CPU would pick the Serial GC; keep G1, which the same JVM uses on any multi-core server.
run timeout 1800 $pin "${jmh[@]}" -jvmArgsPrepend -XX:+UseG1GC -rf json -rff "$out/jmh-single.json" \
    '^io\.corio\.bench\.(CallSoonBench|TimerChurnBench|AwaitRoundTripBench)\.' | tee "$out/jmh-single.txt" >&2
run timeout 900 "${jmh[@]}" -rf json -rff "$out/jmh-threadsafe.json" \
    '^io\.corio\.bench\.CallSoonThreadsafeBench\.' | tee "$out/jmh-threadsafe.txt" >&2
# shellcheck disable=SC2086
run timeout 600 "$JAVA" $CORIO_JVM_FLAGS -cp "$jar" io.corio.bench.ParkedCoroutineMemory "$tasks" \
    | tee "$out/memory.txt" >&2

loops=(asyncio)
if "$py" -c 'import uvloop' 2>/dev/null; then
    loops+=(uvloop)
else
    echo "run-loop-bench: uvloop is not importable by $py (Debian: apt-get install -y python3-uvloop);" \
        "its column will read n/a" >&2
fi
single_ops=(parked_memory call_soon_batch call_soon_chain timer_churn timer_fire await_callback ping_pong)
for loop in "${loops[@]}"; do
    # shellcheck disable=SC2086
    run timeout 900 $pin "$py" bench/python/loop_bench.py --loop "$loop" --repeat "$repeat" --tasks "$tasks" \
        --only "${single_ops[@]}" --json "$out/$loop-single.json" >&2
    run timeout 900 "$py" bench/python/loop_bench.py --loop "$loop" --repeat "$repeat" \
        --only threadsafe_throughput threadsafe_latency --json "$out/$loop-threadsafe.json" >&2
done
echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env.txt"

"$py" bench/python/report.py "$out" | tee "$out/table.md"
echo >&2
echo "run-loop-bench: everything is in $out/" >&2
