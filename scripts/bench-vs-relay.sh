#!/usr/bin/env bash
# The table of docs/BENCHMARKS.md: Switchboard and relay.c side by side, every scenario of issue 7,
# RUNS times each (relay.c and Switchboard alternating), server pinned to core 0 and the load
# generator to core 1. Takes about 4 minutes per run on 2 cores, plus 75 s per latency run.
# Not part of CI.
#
#   scripts/bench-vs-relay.sh --relay-src PATH/relay.c [--runs 3] [--latency-runs 5] [--only latency]
#                             [--server-jar JAR] [--out DIR] [--charts]
#
# --relay-src: the C yardstick (../shared/bench/relay.c beside this project), built here with gcc -O2.
# --latency-runs: latency at 10k and 50k msgs/s, 100 pairs, 64 B, 5 s after 1 s: this many runs per
#           server and rate, each on a freshly started server with nothing else running on core 0
#           (relay.c and Switchboard alternating run by run); default 5.
#           Each waits until the machine is idle (other processes, outside this script and its
#           children, used under 0.1 s of CPU in 5 s: scripts/other-cpu.py, process by process,
#           from a snapshot before and one after, nothing sampling in between), and a run during which they used more than 0.5 s
#           is kept apart in latency-disturbed.jsonl and repeated (3 attempts); every run's JSON
#           line says how much they used (other_cpu_s).
# --no-idle-gate: run at once, whatever else runs (other_cpu_s is still recorded).
# --only latency: just those runs (about 75 s per latency run, 7 minutes at 5, plus the waits).
# --server-jar: the Switchboard server to measure, run with $JAVA_HOME/bin/java (default: this
#           checkout's, built first); the load generator is always this checkout's.
# --charts: also the sweeps for the charts (throughput vs pairs, storm vs N), about 4 more minutes,
#           and `bench report` into DIR (with the latency distributions of latency.jsonl).
# Output: DIR/*.jsonl (one JSON line per run: steady.jsonl on long-running servers, fresh.jsonl
# for storms right after start, connect.jsonl for 19,900 logins on fresh servers, latency.jsonl,
# sweep.jsonl) and DIR/summary.md, the medians (scripts/bench-summary.py).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
LATENCY_RUNS=5
IDLE_GATE=1
ONLY=""
SERVER_JAR=""
OUT=""
RELAY_SRC=""
CHARTS=0
while (($#)); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --latency-runs) LATENCY_RUNS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --no-idle-gate) IDLE_GATE=0; shift ;;
    --server-jar) SERVER_JAR="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --relay-src) RELAY_SRC="$2"; shift 2 ;;
    --charts) CHARTS=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench-vs-relay: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$RELAY_SRC" && -f "$RELAY_SRC" ]] || { echo "bench-vs-relay: --relay-src PATH/relay.c is required" >&2; exit 2; }
[[ -z "$ONLY" || "$ONLY" == latency ]] || { echo "bench-vs-relay: --only takes 'latency'" >&2; exit 2; }
[[ -z "$SERVER_JAR" || -f "$SERVER_JAR" ]] || { echo "bench-vs-relay: no such jar: $SERVER_JAR" >&2; exit 2; }
(($(nproc) >= 2)) || { echo "bench-vs-relay: needs 2 cores (server on 0, load on 1)" >&2; exit 2; }
OUT="${OUT:-$(mktemp -d /tmp/bench-vs-relay.XXXXXX)}"
mkdir -p "$OUT"

SB="$ROOT/switchboard"
"$SB" bench --help >/dev/null # builds the jar first if the sources are newer
if [[ -n "$SERVER_JAR" ]]; then
  [[ -x "${JAVA_HOME:-}/bin/java" ]] || { echo "bench-vs-relay: --server-jar needs JAVA_HOME (a JDK 21+)" >&2; exit 2; }
  SERVER_CMD=("$JAVA_HOME/bin/java" -jar "$(readlink -f "$SERVER_JAR")" server)
else
  SERVER_CMD=("$SB" server)
fi
RELAY="$OUT/relay"
gcc -O2 -Wall -o "$RELAY" "$RELAY_SRC"

RELAY_PORT=17402
SB_PORT=17401
RELAY_PID=""
SB_PID=""

stop_servers() {
  [[ -n "$RELAY_PID" ]] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null || true
  [[ -n "$SB_PID" ]] && kill "$SB_PID" 2>/dev/null && wait "$SB_PID" 2>/dev/null || true
  RELAY_PID=""
  SB_PID=""
}
trap stop_servers EXIT

start_servers() {
  stop_servers
  taskset -c 0 "$RELAY" --host 127.0.0.1 --port "$RELAY_PORT" --max-clients 100000 2>>"$OUT/relay.log" &
  RELAY_PID=$!
  : >"$OUT/server.log"
  start_switchboard
}

start_switchboard() {
  : >"$OUT/server.log"
  taskset -c 0 "${SERVER_CMD[@]}" --host 127.0.0.1 --port "$SB_PORT" --max-clients 20000 --no-irc --no-tls --no-irc-tls >>"$OUT/server.log" 2>&1 &
  SB_PID=$!
  for _ in $(seq 600); do
    grep -q "Server running" "$OUT/server.log" && return 0
    kill -0 "$SB_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench-vs-relay: the server did not start; see $OUT/server.log" >&2
  exit 1
}

# CPU seconds other processes (outside this script and its children) used since cpu_snapshot.
cpu_snapshot() { python3 "$ROOT/scripts/other-cpu.py" snapshot $$ "$OUT/other-cpu.snapshot"; }
other_since() { python3 "$ROOT/scripts/other-cpu.py" since $$ "$OUT/other-cpu.snapshot"; }
OTHER_CPU_MAX=0.5
IDLE_WAIT_MAX=3600

# Waits until other processes have used under 0.1 s of CPU in 5 s (at most IDLE_WAIT_MAX s).
wait_idle() {
  ((IDLE_GATE)) || return 0
  local waited=0 a b
  while ((waited < IDLE_WAIT_MAX)); do
    cpu_snapshot; sleep 5; b=$(other_since); waited=$((waited + 5))
    awk -v b="$b" 'BEGIN { exit !(b < 0.1) }' && return 0
    ((waited % 60 == 0)) && echo "bench-vs-relay: waiting for the machine to be idle (${waited} s)" >&2
  done
  echo "bench-vs-relay: the machine never went idle; running anyway" >&2
}

# latency_run LABEL RATE: one latency run against a server of its own, started for it (and only
# it on core 0), stopped after; repeated (3 attempts) if other processes used more than
# OTHER_CPU_MAX seconds of CPU meanwhile.
latency_run() {
  local label="$1" rate="$2" attempt other line
  for attempt in 1 2 3; do
    stop_servers
    wait_idle
    cpu_snapshot
    if [[ $label == relay.c ]]; then
      taskset -c 0 "$RELAY" --host 127.0.0.1 --port "$RELAY_PORT" --max-clients 100000 2>>"$OUT/relay.log" &
      RELAY_PID=$!
    else
      start_switchboard
    fi
    echo "### $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/bench.log"
    : >"$OUT/latency.one"
    LABELS=$label bench latency.one latency --pairs 100 --rate "$rate" --size 64 --duration 5 --warmup 1 --histograms
    stop_servers
    other=$(other_since)
    line=$(sed "s/^{/{\"other_cpu_s\":$other,/" "$OUT/latency.one")
    [[ -n "$line" ]] || return 0
    if awk -v o="$other" -v m="$OTHER_CPU_MAX" 'BEGIN { exit !(o > m) }' && ((IDLE_GATE)); then
      echo "$line" >>"$OUT/latency-disturbed.jsonl"
      echo "bench-vs-relay: other processes used $other s of CPU during that run; repeating it" >&2
    else
      echo "$line" >>"$OUT/latency.jsonl"
      return 0
    fi
  done
  echo "bench-vs-relay: no undisturbed run of latency $rate against $label in 3 attempts" >&2
}

# bench FILE SCENARIO ARGS...: one run against each server, relay.c first (LABELS=label: just that one).
bench() {
  local file="$1"; shift
  local scenario="$1"; shift
  local label port pid
  for label in ${LABELS:-relay.c switchboard}; do
    if [[ $label == relay.c ]]; then port=$RELAY_PORT; pid=$RELAY_PID; else port=$SB_PORT; pid=$SB_PID; fi
    echo "bench-vs-relay: $scenario $* against $label" >&2
    taskset -c 1 "$SB" bench "$scenario" --port "$port" --label "$label" --server-pid "$pid" "$@" \
      2>>"$OUT/bench.log" | grep '^{' >>"$OUT/$file" || echo "bench-vs-relay: $scenario against $label failed (see bench.log)" >&2
  done
}

if [[ -z "$ONLY" ]]; then
for run in $(seq "$RUNS"); do
  echo "bench-vs-relay: run $run of $RUNS" >&2
  start_servers
  bench steady.jsonl throughput --pairs 10 --window 1000 --size 64 --duration 10 --warmup 2
  bench steady.jsonl storm -n 5000
  LABELS=switchboard bench steady.jsonl storm -n 5000 --presence # relay.c has no CAP
  start_servers
  bench fresh.jsonl storm -n 5000
  start_servers
  bench connect.jsonl connect -n 19900
done
fi

for run in $(seq "$LATENCY_RUNS"); do
  echo "bench-vs-relay: latency run $run of $LATENCY_RUNS" >&2
  for rate in 10000 50000; do
    latency_run relay.c "$rate"
    latency_run switchboard "$rate"
  done
done

if ((CHARTS)) && [[ -z "$ONLY" ]]; then
  start_servers
  for p in 1 2 5 10 20 50 100; do
    bench sweep.jsonl throughput --pairs "$p" --window 1000 --size 64 --duration 5 --warmup 1
  done
  for n in 1000 2000 5000 10000; do
    bench sweep.jsonl storm -n "$n"
  done
  "$SB" bench report -o "$OUT" "$OUT"/steady.jsonl "$OUT"/sweep.jsonl "$OUT"/latency.jsonl >&2
elif ((CHARTS)); then
  "$SB" bench report -o "$OUT" "$OUT"/latency.jsonl >&2
fi
stop_servers
python3 "$ROOT/scripts/bench-summary.py" "$OUT" | tee "$OUT/summary.md"
echo "bench-vs-relay: results in $OUT" >&2
