# Shell functions shared by bench/run-*.sh; source it after `say` is defined and bin/jdk.sh is loaded.
# Needs: $home (the repository), $server_cpu and $client_cpu (set by the caller before calling the functions).

mvn_quiet() {  # offline first (no network needed once dependencies are in ~/.m2), then online once
    local log; log=$(mktemp)
    if timeout 900 mvn -B -ntp -q -o "$@" >"$log" 2>&1 || timeout 900 mvn -B -ntp -q "$@" >"$log" 2>&1; then
        rm -f "$log"; return 0
    fi
    cat "$log" >&2; rm -f "$log"; return 1
}

# build_if_stale JAR MODULES...: runs `mvn_quiet ... package -DskipTests` with the Maven arguments in $build_args
# when JAR is missing or older than a .java or pom.xml under pom.xml and MODULES (bench/peers has its own builds).
build_if_stale() {
    local jar=$1; shift
    if [ ! -f "$jar" ] || [ -n "$(find pom.xml "$@" -path '*/target' -prune -o -path bench/peers -prune -o \
            \( -name '*.java' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
        say "building $jar ..."
        # shellcheck disable=SC2086
        mvn_quiet $build_args package -DskipTests || { say "build of $jar failed"; exit 3; }
    fi
}

# find_harness: sets $shared to the shared side-by-side harness (CORIO_SHARED_BENCH, default ../shared/bench),
# copied to a temporary directory when it is read-only, with its C tools built.
find_harness() {
    shared=${CORIO_SHARED_BENCH:-$home/../shared/bench}
    [ -x "$shared/run.sh" ] || { say "no harness at $shared (set CORIO_SHARED_BENCH)"; exit 3; }
    shared=$(cd "$shared" && pwd)
    if [ ! -w "$shared" ]; then
        copy="$(mktemp -d)/bench"
        cp -r "$shared" "$copy"
        say "harness $shared is read-only: running a copy in $copy"
        shared=$copy
    fi
    for tool in loadgen/loadgen loadgen/idleconn peers/c_epoll_server; do
        [ "$shared/$tool" -nt "$shared/$tool.c" ] || gcc -O2 -Wall -o "$shared/$tool" "$shared/$tool.c"
    done
}

spid=""
stop_server() {
    [ -n "$spid" ] || return 0
    kill -TERM -- "-$spid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$spid" 2>/dev/null || true
    wait "$spid" 2>/dev/null || true
    spid=""
}
interrupted() { say interrupted; stop_server; exit 130; }
trap 'stop_server' EXIT
trap interrupted INT TERM
# A JVM that gets Ctrl-C exits with status 130 instead of dying of the signal, and then bash assumes the child
# handled it and skips the trap: children's 130 and 143 are therefore treated as an interruption by hand.
check_rc() { if [ "$1" = 130 ] || [ "$1" = 143 ]; then interrupted; fi; return "$1"; }

wait_quiet() {  # as run.sh does: up to QUIET_MAX s (30) until the machine is below QUIET_PCT (15) % busy of 200
    local a b pct=0 hz
    hz=$(getconf CLK_TCK)
    for t in $(seq 1 "${QUIET_MAX:-30}"); do
        a=$(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat)
        sleep 1
        b=$(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat)
        pct=$(( (b - a) * 100 / hz ))
        [ "$pct" -le "${QUIET_PCT:-15}" ] && return 0
        [ "$t" = 1 ] && say "  waiting for the machine to go quiet (busy $pct% of 200) ..."
    done
    say "  machine still busy ($pct% of 200), measuring anyway"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() {  # $1 log file, $2 port, rest: the command -> spid (its own process group, pinned)
    local log=$1 port=$2; shift 2
    if port_open "$port"; then say "port $port already in use"; return 1; fi
    setsid taskset -c "$server_cpu" "$@" >"$log" 2>&1 </dev/null &
    spid=$!
    for _ in $(seq 1 300); do
        port_open "$port" && return 0
        kill -0 "$spid" 2>/dev/null || { say "server exited, see $log"; spid=""; return 1; }
        sleep 0.1
    done
    say "server did not listen on $port within 30 s, see $log"
    stop_server
    return 1
}

client() {  # $1 time limit in seconds, rest: the command, pinned to the client CPU, in the foreground
    local limit=$1 rc=0; shift
    timeout --foreground -k 5 "$limit" taskset -c "$client_cpu" "$@" || rc=$?
    check_rc "$rc"
}
