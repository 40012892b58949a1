#!/usr/bin/env bash
# Soak: 19,900 clients connected to one server on loopback, with steady traffic for N minutes.
# Not part of CI (docs/TESTING.md, "Soak"). Passes only with 0 errors, 0 lost messages and no
# client dropped by the server during the run.
#
#   scripts/soak.sh [--minutes N | --seconds N] [--clients N] [--rate MSGS_PER_S] [--out DIR]
#
# The server is `./switchboard server --max-clients 20000 --flood-rate 0` on 127.0.0.1 (a free
# port); the load is server/src/test/java/dev/switchboard/server/SoakLoad.java (plain JDK, compiled
# here with javac): clients/2 sender->receiver pairs sending at --rate messages per second in
# total, every message checked by its receiver (exactly once, in order), every client asking for
# presence deltas. (`./switchboard bench latency` logs its clients in as full-list clients, and at
# 19,900 of them its load generator runs out of memory on the user lists.) This script samples the
# server's RSS and threads every 10 s into DIR/rss.csv and writes DIR/summary.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES=10
SECONDS_TOTAL=""
CLIENTS=19900
RATE=2000
OUT=""
while (($#)); do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --seconds) SECONDS_TOTAL="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
((CLIENTS % 2 == 0)) || { echo "soak: --clients must be even (sender/receiver pairs)" >&2; exit 2; }
OUT="${OUT:-$(mktemp -d /tmp/switchboard-soak.XXXXXX)}"
mkdir -p "$OUT"
SECONDS_TOTAL="${SECONDS_TOTAL:-$((MINUTES * 60))}"

# Every client is a descriptor in each of the two processes; ask for headroom where allowed.
want=$((CLIENTS + 1000))
if (($(ulimit -n) < want)); then
  ulimit -n "$(( $(ulimit -Hn) < want ? $(ulimit -Hn) : want ))" 2>/dev/null || true
fi
echo "soak: $CLIENTS clients, $RATE msgs/s, $SECONDS_TOTAL s; open-files limit $(ulimit -n); output in $OUT"

cd "$ROOT"
# The launcher rebuilds the jar first when the sources are newer (that can take minutes).
./switchboard server --host 127.0.0.1 --port 0 --max-clients 20000 --flood-rate 0 --no-irc --no-tls --no-irc-tls \
  --stats-interval 10 >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
SAMPLER_PID=""
cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

PORT=""
for _ in $(seq 1 3000); do
  PORT="$(sed -n 's/.*\[INIT\] Server running on [^:]*:\([0-9]*\).*/\1/p' "$OUT/server.log" | head -n1)"
  [[ -n "$PORT" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.log" >&2; echo "soak: server did not start" >&2; exit 1; }
  sleep 0.2
done
[[ -n "$PORT" ]] || { echo "soak: no [INIT] line from the server" >&2; exit 1; }
echo "soak: server pid $SERVER_PID on port $PORT"

# RSS and threads of the server every 10 s, from the moment the clients start connecting.
(
  echo "elapsed_s,rss_mib,threads"
  start=$(date +%s)
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss=$(awk '/^VmRSS:/ {print int($2/1024)}' "/proc/$SERVER_PID/status" 2>/dev/null || echo "")
    thr=$(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo "")
    [[ -n "$rss" ]] && echo "$(( $(date +%s) - start )),$rss,$thr"
    sleep 10
  done
) >"$OUT/rss.csv" &
SAMPLER_PID=$!

JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
mkdir -p "$OUT/classes"
"$JAVAC_BIN" -d "$OUT/classes" server/src/test/java/dev/switchboard/server/SoakLoad.java
set +e
"$JAVA_BIN" -Xss512k -cp "$OUT/classes" dev.switchboard.server.SoakLoad "$PORT" "$CLIENTS" "$RATE" "$SECONDS_TOTAL" \
  >"$OUT/load.out" 2> >(tee "$OUT/load.err" >&2)
LOAD_RC=$?
set -e
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

# Did the server drop anyone? The bench's clients leave by FIN or RST when it ends; any ending
# the server chose (slow consumer, timeouts, flood, a bug) is a failure, and so are [BUG] and
# [WARN] lines and running out of descriptors.
LEAVES=$(grep -cE '\[LEAVE\].*\((send queue exceeded|handshake timeout|ping timeout|excess flood|internal error)' \
  "$OUT/server.log" || true)
BUGS=$(grep -cE '\[BUG\]|\[WARN\]|\[LIMIT\] Open-files limit reached' "$OUT/server.log" || true)
cleanup
trap - EXIT

{
  echo "soak: $CLIENTS clients, $RATE msgs/s for $SECONDS_TOTAL s against ./switchboard server --max-clients 20000 --flood-rate 0"
  echo "load exit code: $LOAD_RC"
  sed 's/^/  /' "$OUT/load.out"
  echo "clients dropped by the server: $LEAVES"
  echo "server [STATS] lines (every 10 s), last three:"
  grep '\[STATS\]' "$OUT/server.log" | tail -n 3 | sed 's/^/  /'
  echo "server [BUG]/[WARN]/out-of-descriptors lines: $BUGS"
  echo "server RSS (MiB) every 10 s:"
  tail -n +2 "$OUT/rss.csv" | awk -F, '{printf "  %5ss %6s MiB %5s threads\n", $1, $2, $3}'
} | tee "$OUT/summary.txt"

if ((LOAD_RC != 0 || LEAVES != 0 || BUGS != 0)); then
  echo "soak: FAILED (see $OUT)" >&2
  exit 1
fi
echo "soak: passed (see $OUT)"
