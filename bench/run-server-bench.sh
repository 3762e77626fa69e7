#!/usr/bin/env bash
# Benchmark of Corio's ready servers (issue 4, "Numbers"), as one report.
#
#   bench/run-server-bench.sh            # 2 reps, 10 s + 3 s warm-up per run, fixed-rate HTTP pass (~12 min)
#   bench/run-server-bench.sh --quick    # smoke run: 1 rep, 3 s per run
#   options: --reps N --dur S --warmup S --skip-http --skip-rpc
#
#  1. HTTP: `corio http` (hello world, no access log) next to the shared harness's netty-http-nio, vertx-http and
#     py-aiohttp-uvloop, driven by wrk -t1 -c100 from CPU 1 (the harness's run.sh), servers pinned to CPU 0;
#     with them http-ceiling (io.corio.bench.echo.HttpCeiling: corio-http's answer bytes, no parsing), whose
#     req/s is what the one wrk thread allows on this machine.
#  2. JSON-RPC: `corio rpc` (length-prefixed frames, demo service, method `add`) driven by bench/rpcload
#     (100 connections, one call in flight each), and `corio echo` driven by the harness's loadgen with 1 KiB
#     messages and 100 connections, alternately in each repetition.
#  3. The report: bench/results/server-<date>/report.md (ratios against the targets first), also printed.
# Environment: CORIO_SHARED_BENCH, SERVER_CPU (0), CLIENT_CPU (1), QUIET_MAX, QUIET_PCT (see bench-lib.sh).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
. bin/jdk.sh
. bench/bench-lib.sh
set -f

reps=2 dur=10 warm=3 http=1 rpc=1
rate_args=(--rate-dur 10 --rate-warmup 5)
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) reps=1; dur=3; warm=2; rate_args=(--rate-dur 3 --rate-warmup 1); shift ;;
        --reps) reps=$2; shift 2 ;;
        --dur) dur=$2; shift 2 ;;
        --warmup) warm=$2; shift 2 ;;
        --skip-http) http=0; shift ;;
        --skip-rpc) rpc=0; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "run-server-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
server_cpu=${SERVER_CPU:-0}
client_cpu=${CLIENT_CPU:-1}
say() { echo "run-server-bench: $*" >&2; }

jar=servers/target/corio.jar
build_args="-pl servers -am" build_if_stale "$jar" loop transports protocols servers
bench_jar=bench/target/corio-bench.jar
build_args="-Pbench -pl bench -am" build_if_stale "$bench_jar" loop transports protocols bench
rpcload=bench/target/rpcload
mkdir -p bench/target
[ "$rpcload" -nt bench/rpcload/rpcload.c ] || gcc -O2 -Wall -o "$rpcload" bench/rpcload/rpcload.c
find_harness
command -v wrk >/dev/null || { say "wrk is missing (apt-get install wrk)"; [ "$http" = 0 ] || exit 3; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$home/bench/results/server-$stamp"
mkdir -p "$out/logs"
corio=("$JAVA" $CORIO_JVM_FLAGS -cp "$home/$jar" io.corio.servers.cli.Main)
ceiling=("$JAVA" $CORIO_JVM_FLAGS -Dio.netty.leakDetection.level=disabled -cp "$home/$bench_jar"
    io.corio.bench.echo.HttpCeiling "{PORT}")   # the detector off, as the corio command runs
{
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo ?)"
    echo "- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr)"
    echo "- Java: $("$JAVA" -version 2>&1 | head -n 1); servers pinned to CPU $server_cpu, load generators to CPU $client_cpu"
    echo "- Settings: reps=$reps dur=${dur}s warm-up=${warm}s"
} >"$out/env.txt"

if [ "$http" = 1 ]; then
    say "HTTP: corio-http, netty-http-nio, vertx-http, py-aiohttp-uvloop (log: $out/logs/run.sh.log)"
    "$shared/run.sh" --kinds http --only '^(netty-http-nio|vertx-http|py-aiohttp-uvloop)$' --reps "$reps" \
        --dur "$dur" --warmup "$warm" --rates 'http=10000' "${rate_args[@]}" \
        --http-server "${corio[*]} http --port {PORT} --no-access-log" --port 25340 --name corio-http \
        --http-server "${ceiling[*]}" --port 25341 --name http-ceiling \
        --out "$out/http-results.md" 2>&1 | tee "$out/logs/run.sh.log" >&2 || check_rc $? || true
    raw=$(sed -n 's/.*(raw: \(.*\.tsv\)).*/\1/p' "$out/logs/run.sh.log" | tail -n 1)
    if [ -n "$raw" ] && [ -f "$shared/$raw" ]; then cp "$shared/$raw" "$out/http-raw.tsv"; else say "no raw HTTP results"; fi
fi

if [ "$rpc" = 1 ]; then
    port=25350
    for rep in $(seq 1 "$reps"); do
        for name in corio-echo corio-rpc; do
            port=$((port + 1))
            say "RPC rep $rep: $name on port $port"
            wait_quiet
            if [ "$name" = corio-echo ]; then
                # shellcheck disable=SC2086
                start_server "$out/logs/$name-r$rep.log" "$port" "${corio[@]}" echo --port "$port" || continue
                line=$(client $((dur + warm + 60)) "$shared/loadgen/loadgen" -p "$port" -c 100 -s 1024 -d "$dur" \
                    -w "$warm" 2>>"$out/logs/$name-r$rep.log" | grep '^RESULT' || true)
            else
                start_server "$out/logs/$name-r$rep.log" "$port" "${corio[@]}" rpc --port "$port" || continue
                line=$(client $((dur + warm + 60)) "$rpcload" -p "$port" -c 100 -d "$dur" -w "$warm" -g "$spid" \
                    2>>"$out/logs/$name-r$rep.log" | grep '^RESULT' || true)
            fi
            say "  ${line:-no result (see $out/logs/$name-r$rep.log)}"
            [ -n "$line" ] && printf '%s\t%s\t%s\n' "$name" "$rep" "$line" >>"$out/rpc.tsv"
            stop_server
        done
    done
fi

python3 bench/server_report.py "$out"
say "everything is in $out/ (report.md)"
