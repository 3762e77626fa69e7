#!/usr/bin/env bash
# Process pool against thread pool for CPU-bound work, with the loop's timer lateness, next to a C reference timer.
#
#   bench/run-pool-bench.sh [tasks [limit [maxWorkers [rounds]]]]     # defaults 32 2000000 2 5 (about 75 s)
#
# Builds bench/target/corio-bench.jar if a source is newer and bench/target/reftick from bench/reftick/reftick.c,
# then runs io.corio.bench.ProcessPoolBench with -Dbench.reference=bench/target/reftick. Each RESULT line gives
# tasks/s and the loop's lateness (p50, p99, max, ticks over 5 ms), the longest stall of the C reference timer in
# the same phase (machine_stall_max_ms: a process that does nothing but sleep 1 ms was that late), and the loop's
# worst lateness once the instants the reference was also stalled are taken out (own_lateness_max_ms).
# Output also lands in bench/results/pool-<date>.txt (not committed). Extra JVM options: CORIO_BENCH_JAVA_OPTS.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
. bin/jdk.sh
say() { echo "run-pool-bench: $*" >&2; }
. bench/bench-lib.sh
jar=bench/target/corio-bench.jar
build_args="-Pbench -pl bench -am" build_if_stale "$jar" loop transports protocols bench
reftick=bench/target/reftick
[ "$reftick" -nt bench/reftick/reftick.c ] || gcc -O2 -Wall -o "$reftick" bench/reftick/reftick.c
mkdir -p bench/results
out="bench/results/pool-$(date -u +%Y%m%dT%H%M%SZ).txt"
# shellcheck disable=SC2086
timeout 900 "$JAVA" ${CORIO_BENCH_JAVA_OPTS:-} --add-opens java.base/java.lang=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -Dbench.reference="$reftick" -cp "$jar" \
    io.corio.bench.ProcessPoolBench "${1:-32}" "${2:-2000000}" "${3:-2}" "${4:-5}" | tee "$out"
