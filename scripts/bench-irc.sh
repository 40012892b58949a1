#!/usr/bin/env bash
# Issue 14's IRC figures: Switchboard's IRC front end beside Debian's InspIRCd and ngIRCd, same
# load generator (`bench --proto irc`), same pinning (server on core 0, load on core 1), RUNS
# runs each, servers alternating run by run, a fresh server for every run. Not part of CI.
#
#   scripts/bench-irc.sh [--runs 3] [--out DIR]
#
# Per run and server: throughput with 10 pairs (window 1000, 64 B, 5 s after 2 s), 19,900 IRC
# registrations (NICK/USER until 001), the same with JOIN #lobby until the end of NAMES (every
# server pays for a channel of everyone, as our #lobby always does; a phase gives up after 120 s),
# and latency at 10k msgs/s over 100 pairs (5 s after 1 s);
# for Switchboard also the same latency run on its line port, for the "IRC p99 within 1.5x of the
# line protocol's" target. Peers use bench/irc-peers/*.conf (no fake lag or penalties, no clone
# limits, no DNS or ident). Needs the inspircd and ngircd packages (apt-get install inspircd ngircd).
# Output: DIR/irc.jsonl (one JSON line per run, "label" says which server) and DIR/summary.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=3
OUT=""
while (($#)); do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "bench-irc: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in inspircd ngircd taskset; do
  command -v "$tool" >/dev/null || { echo "bench-irc: $tool is missing (apt-get install inspircd ngircd util-linux)" >&2; exit 2; }
done
(($(nproc) >= 2)) || { echo "bench-irc: needs 2 cores (server on 0, load on 1)" >&2; exit 2; }
OUT="${OUT:-$(mktemp -d /tmp/bench-irc.XXXXXX)}"
mkdir -p "$OUT"
ulimit -n 20000 2>/dev/null || true
SB="$ROOT/switchboard"
"$SB" bench --help >/dev/null # builds the jar first if the sources are newer

IRC_PORT=17411
LINE_PORT=17410
PID=""
stop_server() {
  if [[ -n "$PID" ]]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
  pkill -f "$OUT/.*\.conf" 2>/dev/null || true # a daemon that forked despite -n / --nofork
}
trap stop_server EXIT

wait_port() {
  local i
  for i in $(seq 300); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench-irc: nothing listens on port $1; see $OUT/*.log" >&2
  exit 1
}

start_server() { # start_server LABEL
  stop_server
  case "$1" in
    switchboard)
      : >"$OUT/switchboard.log"
      taskset -c 0 "$SB" server --host 127.0.0.1 --port "$LINE_PORT" --irc-port "$IRC_PORT" --no-tls --no-irc-tls --max-clients 20000 >>"$OUT/switchboard.log" 2>&1 &
      PID=$!
      local i
      for i in $(seq 600); do grep -q "Server running" "$OUT/switchboard.log" && break; sleep 0.1; done ;;
    inspircd)
      sed "s|@PORT@|$IRC_PORT|; s|@DIR@|$OUT|g" "$ROOT/bench/irc-peers/inspircd.conf" >"$OUT/inspircd.conf"
      taskset -c 0 inspircd --config="$OUT/inspircd.conf" --nofork --runasroot >"$OUT/inspircd.out" 2>&1 &
      PID=$! ;;
    ngircd)
      sed "s|@PORT@|$IRC_PORT|; s|@DIR@|$OUT|g" "$ROOT/bench/irc-peers/ngircd.conf" >"$OUT/ngircd.conf"
      # -n logs every line to stdout (500 MB per run of 19,900 registrations): not kept, not our cost to add.
      taskset -c 0 ngircd -n -f "$OUT/ngircd.conf" >/dev/null 2>"$OUT/ngircd.err" &
      PID=$! ;;
  esac
  wait_port "$IRC_PORT"
}

bench() { # bench LABEL PORT PROTO SCENARIO ARGS...
  local label="$1" port="$2" proto="$3" scenario="$4"; shift 4
  echo "bench-irc: $scenario --proto $proto $* against $label" >&2
  taskset -c 1 "$SB" bench "$scenario" --proto "$proto" --port "$port" --label "$label" --server-pid "$PID" "$@" \
    2>>"$OUT/bench.log" | grep '^{' >>"$OUT/irc.jsonl" || echo "bench-irc: $scenario against $label failed (see bench.log)" >&2
}

for run in $(seq "$RUNS"); do
  echo "bench-irc: run $run of $RUNS" >&2
  for label in switchboard inspircd ngircd; do
    start_server "$label"
    bench "$label" "$IRC_PORT" irc throughput --pairs 10 --window 1000 --size 64 --duration 5 --warmup 2
    start_server "$label"
    bench "$label" "$IRC_PORT" irc latency --pairs 100 --rate 10000 --size 64 --duration 5 --warmup 1
    if [[ $label == switchboard ]]; then
      start_server "$label"
      bench "switchboard-line" "$LINE_PORT" line latency --pairs 100 --rate 10000 --size 64 --duration 5 --warmup 1
    fi
    start_server "$label"
    bench "$label" "$IRC_PORT" irc connect -n 19900
    start_server "$label"
    bench "$label" "$IRC_PORT" irc-lobby connect -n 19900
  done
done
stop_server
python3 - "$OUT/irc.jsonl" >"$OUT/summary.md" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def runs(label, scenario, key, proto=None):
    return [r[key] for r in rows if r.get("label") == label and r.get("scenario") == scenario
            and r.get(key) is not None and (proto is None or r.get("proto") == proto)]
def cell(v, scale=1, fmt="{:.2f}"):
    return "— (none finished)" if not v else fmt.format(statistics.median(v) / scale) + " [" + ", ".join(fmt.format(x / scale) for x in v) + "]"
labels = ["switchboard", "inspircd", "ngircd"]
print("| measure | " + " | ".join(labels) + " |")
print("|---|" + "---|" * len(labels))
print("| IRC throughput, 10 pairs, 64 B (M msgs/s) | " + " | ".join(cell(runs(l, "throughput", "msgs_per_s"), 1e6) for l in labels) + " |")
print("| 19,900 IRC registrations: all got 001 (s) | " + " | ".join(cell(runs(l, "connect", "all_logged_in_s", "irc")) for l in labels) + " |")
print("| 19,900 IRC registrations, each joining #lobby: all in (s) | " + " | ".join(cell(runs(l, "connect", "all_logged_in_s", "irc_lobby")) for l in labels) + " |")
fails = [r for r in rows if r.get("scenario") == "connect" and not r.get("ok")]
for r in fails:
    print(f"\n{r['label']} {r.get('proto')} connect did not finish: {str(r.get('failure'))[:300]}")
print("| IRC p99 latency, 10k msgs/s, 100 pairs (ms) | " + " | ".join(cell(runs(l, "latency", "p99_us", "irc"), 1e3) for l in labels) + " |")
print("| IRC p50 latency, 10k msgs/s (ms) | " + " | ".join(cell(runs(l, "latency", "p50_us", "irc"), 1e3, "{:.3f}") for l in labels) + " |")
print("| line protocol p99 latency, 10k msgs/s, same server (ms) | " + cell(runs("switchboard-line", "latency", "p99_us"), 1e3) + " | | |")
PY
cat "$OUT/summary.md"
echo "bench-irc: results in $OUT" >&2
