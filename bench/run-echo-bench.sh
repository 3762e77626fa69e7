#!/usr/bin/env bash
# Echo benchmark of Corio's transports next to the shared harness's peers (issue 3, "Numbers"), as one report.
#
#   bench/run-echo-bench.sh            # full run: 2 reps, 10 s + 3 s warm-up per run, fixed-rate pass (~20 min)
#   bench/run-echo-bench.sh --quick    # smoke run: 1 rep, 3 s per run, short fixed-rate pass (~5 min)
#   options: --reps N --dur S --warmup S --sizes 'B ...' --idle N (0 skips) --skip-tcp --skip-tls --skip-idle
#
# Steps, each bounded in time:
#  1. JDK 25 from bin/jdk.sh; build bench/target/corio-bench.jar (mvn -Pbench, offline first) and the Netty TLS
#     peer in bench/peers/netty-tls (its own Maven project).
#  2. The shared harness (CORIO_SHARED_BENCH, default ../shared/bench next to the repository), copied to a temp
#     directory when it is not writable. Its run.sh runs corio-protocol and corio-streams next to c-epoll,
#     netty-nio and py-uvloop-streams on 1, 10 and 100 KiB echo: server pinned to CPU 0, load from CPU 1,
#     saturation runs then the fixed-rate pass (server CPU us per request).
#  3. TLS echo, 10 KiB: Corio TLS echo on BouncyCastle JSSE and on SunJSSE, and Netty's SslHandler on SunJSSE,
#     with one throw-away certificate; load from io.corio.bench.TlsLoad (one thread, CPU 1).
#  4. Heap per idle connection: 10,000 idle connections (harness's idleconn) to corio-protocol, corio-streams and
#     netty-nio, measured with jcmd class histograms (io.corio.bench.IdleConnectionMemory).
#  5. io.corio.bench.EchoReport writes bench/results/echo-<date>/report.md (ratios against the targets first) and
#     prints it.
# Servers started here run in their own process group and are stopped by it, also on Ctrl-C.
# Environment: CORIO_SHARED_BENCH, SERVER_CPU (0), CLIENT_CPU (1), TLS_CONNS (100), TLS_CIPHER
# (TLS_AES_128_GCM_SHA256), QUIET_MAX (30 s) and QUIET_PCT (15 % of 200): before each server, wait at most
# that long for the machine to go quiet (here and in run.sh).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
. bin/jdk.sh
. bench/bench-lib.sh
set -f  # no globbing from here on: the classpaths below hold a literal "*"

reps=2 dur=10 warm=3 sizes="1024 10240 102400" idle=10000 tcp=1 tls=1 idlerun=1 quick=0
rate_args=(--rate-dur 10 --rate-warmup 5)
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1; reps=1; dur=3; warm=2; rate_args=(--rate-dur 3 --rate-warmup 1); shift ;;
        --reps) reps=$2; shift 2 ;;
        --dur) dur=$2; shift 2 ;;
        --warmup) warm=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --idle) idle=$2; shift 2 ;;
        --skip-tcp) tcp=0; shift ;;
        --skip-tls) tls=0; shift ;;
        --skip-idle) idlerun=0; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "run-echo-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$idle" -gt 0 ] || idlerun=0
server_cpu=${SERVER_CPU:-0}
client_cpu=${CLIENT_CPU:-1}
tls_conns=${TLS_CONNS:-100}
# One cipher suite for every TLS server: left to themselves, SunJSSE and BC pick AES-256-GCM, Netty AES-128-GCM.
tls_cipher=${TLS_CIPHER:-TLS_AES_128_GCM_SHA256}
say() { echo "run-echo-bench: $*" >&2; }

# ---- 1. builds ---------------------------------------------------------------------------------------------------
jar=bench/target/corio-bench.jar
build_args="-Pbench -pl bench -am" build_if_stale "$jar" loop transports protocols bench
netty_tls=bench/peers/netty-tls
if [ "$tls" = 1 ] && { [ ! -d "$netty_tls/target/lib" ] || [ -n "$(find "$netty_tls/src" "$netty_tls/pom.xml" \
        -newer "$netty_tls/target/classes" -print -quit 2>/dev/null)" ]; }; then
    say "building the Netty TLS peer ..."
    (cd "$netty_tls" && mvn_quiet package -DskipTests) || { say "Netty TLS peer build failed"; exit 3; }
fi

# ---- 2. the shared harness ---------------------------------------------------------------------------------------
find_harness

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$home/bench/results/echo-$stamp"
mkdir -p "$out/logs"
corio=("$JAVA" $CORIO_JVM_FLAGS -cp "$home/$jar")
{
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo ?)"
    echo "- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr)"
    echo "- Java: $("$JAVA" -version 2>&1 | head -n 1); servers pinned to CPU $server_cpu, load generators to CPU $client_cpu"
    echo "- Settings: $([ "$quick" = 1 ] && echo 'QUICK (smoke test, not a measurement); ')reps=$reps dur=${dur}s warm-up=${warm}s sizes=[$sizes] idle=$idle, fixed-rate ${rate_args[*]}"
    echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/env.txt"


# ---- 3. TCP echo through the shared harness ----------------------------------------------------------------------
if [ "$tcp" = 1 ]; then
    say "TCP echo: corio-protocol, corio-streams, c-epoll, netty-nio, py-uvloop-streams (log: $out/logs/run.sh.log)"
    # shellcheck disable=SC2086
    "$shared/run.sh" --kinds echo --only '^(netty-nio|py-uvloop-streams)$' --reps "$reps" --dur "$dur" \
        --warmup "$warm" --sizes "$sizes" --rates 'echo-1024=40000 echo-10240=20000' "${rate_args[@]}" \
        --server "${corio[*]} io.corio.bench.echo.ProtocolEcho {PORT}" --port 25310 --name corio-protocol \
        --server "${corio[*]} io.corio.bench.echo.StreamEcho {PORT}" --port 25311 --name corio-streams \
        --out "$out/tcp-results.md" 2>&1 | tee "$out/logs/run.sh.log" >&2 || check_rc $? || true
    raw=$(sed -n 's/.*(raw: \(.*\.tsv\)).*/\1/p' "$out/logs/run.sh.log" | tail -n 1)
    if [ -n "$raw" ] && [ -f "$shared/$raw" ]; then cp "$shared/$raw" "$out/tcp-raw.tsv"; else say "no raw TCP results"; fi
fi

# ---- 4. TLS echo -------------------------------------------------------------------------------------------------
if [ "$tls" = 1 ]; then
    certs="$out/tls"
    mkdir -p "$certs"
    # ECDSA P-256: with an RSA key the BCJSSE server of the tls branch (14:20 UTC) fails every handshake
    # ("found no selectable cipher suite"); the key type does not matter for the echo, which reuses connections.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$certs/key.pem" \
        -out "$certs/cert.pem" -days 7 \
        -subj /CN=localhost -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' >/dev/null 2>&1 \
        || { say "openssl could not make the test certificate"; exit 3; }
    netty_cp="$home/$netty_tls/target/classes:$home/$netty_tls/target/lib/*"
    declare -A tls_cmd=(
        [corio-tls-bc]="${corio[*]} io.corio.bench.echo.TlsEcho PORT $certs/cert.pem $certs/key.pem bc"
        [corio-tls-jdk]="${corio[*]} io.corio.bench.echo.TlsEcho PORT $certs/cert.pem $certs/key.pem jdk"
        [netty-tls-jdk]="$JAVA --enable-native-access=ALL-UNNAMED -cp $netty_cp bench.NettyTlsEcho PORT $certs/cert.pem $certs/key.pem"
    )
    port=25320
    for rep in $(seq 1 "$reps"); do
        for name in corio-tls-bc corio-tls-jdk netty-tls-jdk; do
            port=$((port + 1))
            say "TLS rep $rep: $name on port $port"
            wait_quiet
            # shellcheck disable=SC2086
            start_server "$out/logs/$name-r$rep.log" "$port" ${tls_cmd[$name]//PORT/$port} || continue
            client $((dur + warm + 60)) "${corio[@]}" io.corio.bench.TlsLoad --port "$port" --cert "$certs/cert.pem" \
                --cipher "$tls_cipher" --conns "$tls_conns" --size 10240 --dur "$dur" --warmup "$warm" \
                --pgid "$spid" >"$out/logs/$name-r$rep.out" 2>>"$out/logs/$name-r$rep.log" || true
            line=$(grep '^RESULT' "$out/logs/$name-r$rep.out" || true)
            say "  ${line:-no result (see $out/logs/$name-r$rep.log)}"
            [ -n "$line" ] && printf '%s\t%s\t%s\n' "$name" "$rep" "$line" >>"$out/tls.tsv"
            stop_server
        done
    done
fi

# ---- 5. heap per idle connection ---------------------------------------------------------------------------------
if [ "$idlerun" = 1 ]; then
    declare -A idle_cmd=(
        [corio-protocol]="${corio[*]} io.corio.bench.echo.ProtocolEcho 25330"
        [corio-streams]="${corio[*]} io.corio.bench.echo.StreamEcho 25330"
        [netty-nio]="$JAVA --enable-native-access=ALL-UNNAMED -cp $shared/peers/java/target/classes:$shared/peers/java/target/lib/* bench.NettyEcho 25330 nio"
    )
    for name in corio-protocol corio-streams netty-nio; do
        if [ "$name" = netty-nio ] && [ ! -d "$shared/peers/java/target/lib" ]; then
            say "idle: netty-nio skipped (the harness's Java peers are not built)"; continue
        fi
        say "idle: $name, $idle idle connections"
        wait_quiet
        # shellcheck disable=SC2086
        start_server "$out/logs/idle-$name.log" 25330 ${idle_cmd[$name]} || continue
        # a short echo load first, so the measured connections meet compiled code (as in a running server)
        client 60 "$shared/loadgen/loadgen" -p 25330 -c 100 -s 1024 -d 2 >/dev/null 2>>"$out/logs/idle-$name.log" || true
        client 300 "${corio[@]}" io.corio.bench.IdleConnectionMemory --pid "$spid" --port 25330 --conns "$idle" \
            --idleconn "$shared/loadgen/idleconn" --name "$name" >"$out/idle-$name.txt" 2>>"$out/logs/idle-$name.log" \
            || say "  idle measurement of $name failed, see $out/logs/idle-$name.log"
        grep '^RESULT' "$out/idle-$name.txt" >&2 || true
        stop_server
    done
fi

echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env.txt"
"${corio[@]}" io.corio.bench.EchoReport "$out"
say "everything is in $out/ (report.md)"
