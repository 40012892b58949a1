#!/usr/bin/env bash
# Records the traffic walk-through: starts a Switchboard server, captures loopback with tshark,
# runs the scripted session (dissector/session.py), and regenerates docs/traffic/ and
# docs/TRAFFIC.md from the capture (dissector/traffic_doc.py). Run from the repository root;
# the launcher runs it as `./switchboard capture`.
#
# Exit status: 0 done; 1 a step failed; 2 a tool is missing; 3 no permission to capture.
set -euo pipefail

PORT=5555
IRC_PORT=6667
OUT_DIR=docs/traffic
DOC=docs/TRAFFIC.md
# The server command; the ports are appended as `--port P --irc-port I`. Overridable to record
# another server. No TLS ports: the walk-through is of the plaintext wire (and they would take
# 5556 and 6697 from whoever has them).
SERVER_CMD="${SWITCHBOARD_SERVER_CMD:-./switchboard server --no-tls --no-irc-tls}"
# tshark opens the interface in about a second; the server may build itself on first use.
CAPTURE_READY_SECONDS=30
SERVER_READY_SECONDS=600
PROBE_SECONDS=20

usage() {
  cat <<USAGE
Usage: ./switchboard capture [--port PORT] [--irc-port PORT]

Starts the server on 127.0.0.1:PORT (default $PORT) with its IRC port on IRC-PORT (default
$IRC_PORT), captures the loopback interface with the filter 'tcp port PORT', runs a scripted
session (alice and bob log in, chat both ways, alice closes with FIN, bob's connection is reset),
then captures both ports while alice (line protocol) and carol (IRC) talk, and writes:
  $OUT_DIR/session.pcapng       the capture (TCP only)
  $OUT_DIR/*.txt                tshark's annotated output with the dissector
  $OUT_DIR/sequence.png         the sequence diagram
  $OUT_DIR/irc-session.pcapng   the two-port capture, irc-*.txt its tshark output
                                (Wireshark's IRC dissector beside ours)
  $DOC               the walk-through
Needs tshark (and dumpcap) and python3 with matplotlib:
  apt-get install tshark python3-matplotlib
and permission to capture on 'lo' (root, or a member of the 'wireshark' group).
Environment: SWITCHBOARD_SERVER_CMD replaces '$SERVER_CMD'.
USAGE
}

die() { local code=$1; shift; echo "capture: $*" >&2; exit "$code"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) [[ $# -ge 2 ]] || die 1 "--port needs a value"; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    --irc-port) [[ $# -ge 2 ]] || die 1 "--irc-port needs a value"; IRC_PORT="$2"; shift 2 ;;
    --irc-port=*) IRC_PORT="${1#--irc-port=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die 1 "unknown argument: $1" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ && "$PORT" -ge 1 && "$PORT" -le 65535 ]] || die 1 "bad port: $PORT"
[[ "$IRC_PORT" =~ ^[0-9]+$ && "$IRC_PORT" -ge 1 && "$IRC_PORT" -le 65535 && "$IRC_PORT" != "$PORT" ]] \
  || die 1 "bad IRC port: $IRC_PORT"
[[ -f dissector/switchboard.lua && -f dissector/session.py ]] \
  || die 1 "run this from the repository root (dissector/switchboard.lua not found)"

# --- tools --------------------------------------------------------------------------------------
for tool in tshark dumpcap; do
  command -v "$tool" >/dev/null 2>&1 \
    || die 2 "$tool is not installed. Install it: sudo apt-get install tshark (Debian/Ubuntu)"
done
PYTHON=""
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import matplotlib' 2>/dev/null; then
    PYTHON="$cand"; break
  fi
done
[[ -n "$PYTHON" ]] || die 2 "python3 with matplotlib is needed for the diagram. Install it: sudo apt-get install python3-matplotlib"

for p in "$PORT" "$IRC_PORT"; do
  "$PYTHON" - "$p" <<'PY' || die 1 "port $p on 127.0.0.1 is in use; stop what uses it or pass --port / --irc-port"
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
PY
done

WORK="$(mktemp -d)"
CAPTURE_PID=""
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$CAPTURE_PID" ]] && kill -0 "$CAPTURE_PID" 2>/dev/null; then
    kill -TERM "$CAPTURE_PID" 2>/dev/null || true
    wait "$CAPTURE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Polls until file $1 contains the fixed string $2, process $3 is alive, or $4 seconds pass.
wait_for() {
  local file=$1 text=$2 pid=$3 seconds=$4 deadline=$((SECONDS + $4))
  while (( SECONDS < deadline )); do
    grep -qF -- "$text" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Probe packets: UDP datagrams from a fresh port each to a port nobody listens on, taken by the
# capture filter. When tshark prints one, everything sent before it is in the capture.
PROBE_PORT="$("$PYTHON" -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
send_probe() {
  "$PYTHON" -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.sendto(b"capture-probe", ("127.0.0.1", int(sys.argv[1])))
print(s.getsockname()[1])' "$PROBE_PORT"
}

# --- capture ------------------------------------------------------------------------------------
# start_capture FILTER FILE: tshark on lo into FILE, returns once a probe came through.
start_capture() {
echo "capture: capturing lo, filter '$1'" >&2
: >"$WORK/capture.out"
tshark -n -l -i lo -f "($1) or udp dst port $PROBE_PORT" -w "$2" \
  -P -T fields -e frame.number -e udp.srcport >"$WORK/capture.out" 2>"$WORK/capture.err" </dev/null &
CAPTURE_PID=$!
# tshark exited (or never got going): explain, with the permission case told apart.
capture_failed() {
  cat "$WORK/capture.err" >&2
  if grep -qiE "permission|not permitted|privileges" "$WORK/capture.err"; then
    die 3 "no permission to capture on the loopback interface. Run as root, or allow dumpcap: sudo dpkg-reconfigure wireshark-common (answer yes), sudo usermod -aG wireshark \$USER, then log in again."
  fi
  die 1 "tshark did not start capturing on lo (its output is above)"
}
wait_for "$WORK/capture.err" "Capturing on" "$CAPTURE_PID" "$CAPTURE_READY_SECONDS" || capture_failed
# tshark reports "Capturing on" before the capture really runs (even when it is about to fail for
# lack of permission): wait for a probe to come through.
ready=""
deadline=$((SECONDS + PROBE_SECONDS))
while [[ -z "$ready" ]] && (( SECONDS < deadline )); do
  probe="$(send_probe)"
  if wait_for "$WORK/capture.out" "	$probe" "$CAPTURE_PID" 1; then
    ready=1
  elif ! kill -0 "$CAPTURE_PID" 2>/dev/null; then
    wait "$CAPTURE_PID" 2>/dev/null || true
    CAPTURE_PID=""
    capture_failed
  fi
done
[[ -n "$ready" ]] || die 1 "no probe packet reached the capture within $PROBE_SECONDS s"
}

# stop_capture: a last probe, so that everything sent before it is in the file, then stop tshark.
stop_capture() {
probe="$(send_probe)"
wait_for "$WORK/capture.out" "	$probe" "$CAPTURE_PID" "$PROBE_SECONDS" \
  || die 1 "the final probe did not reach the capture"
kill -TERM "$CAPTURE_PID"
wait "$CAPTURE_PID" || true
CAPTURE_PID=""
}

start_capture "tcp port $PORT" "$WORK/raw.pcapng"

# --- server -------------------------------------------------------------------------------------
echo "capture: starting: $SERVER_CMD --port $PORT --irc-port $IRC_PORT" >&2
# Own process group (setsid), so the launcher and the JVM it starts are stopped together.
setsid $SERVER_CMD --port "$PORT" --irc-port "$IRC_PORT" >"$WORK/server.log" 2>&1 </dev/null &
SERVER_PID=$!
if ! wait_for "$WORK/server.log" "Server running on" "$SERVER_PID" "$SERVER_READY_SECONDS"; then
  cat "$WORK/server.log" >&2
  die 1 "the server did not print '[INIT] Server running on ...' (its output is above)"
fi

# --- session ------------------------------------------------------------------------------------
mkdir -p "$OUT_DIR"
if ! "$PYTHON" dissector/session.py --port "$PORT" >"$WORK/transcript.txt"; then
  cat "$WORK/transcript.txt" >&2
  die 1 "the scripted session failed (transcript above)"
fi
stop_capture

# The same server, both ports: alice on the line protocol, carol on IRC.
start_capture "tcp port $PORT or tcp port $IRC_PORT" "$WORK/irc-raw.pcapng"
if ! (cd dissector && "$PYTHON" session_irc.py --port "$PORT" --irc-port "$IRC_PORT") >"$WORK/irc-transcript.txt"; then
  cat "$WORK/irc-transcript.txt" >&2
  die 1 "the scripted IRC session failed (transcript above)"
fi
stop_capture
kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""

# --- outputs ------------------------------------------------------------------------------------
tshark -n -r "$WORK/raw.pcapng" -Y "tcp.port == $PORT" -w "$OUT_DIR/session.pcapng" 2>/dev/null
cp "$WORK/transcript.txt" "$OUT_DIR/transcript.txt"
"$PYTHON" dissector/traffic_doc.py --pcap "$OUT_DIR/session.pcapng" --port "$PORT" \
  --lua dissector/switchboard.lua --out-dir "$OUT_DIR" --doc "$DOC" \
  --transcript "$OUT_DIR/transcript.txt" --server-cmd "$SERVER_CMD"
tshark -n -r "$WORK/irc-raw.pcapng" -Y "tcp.port == $PORT || tcp.port == $IRC_PORT" -w "$OUT_DIR/irc-session.pcapng" 2>/dev/null
cp "$WORK/irc-transcript.txt" "$OUT_DIR/irc-transcript.txt"
"$PYTHON" dissector/irc_doc.py --pcap "$OUT_DIR/irc-session.pcapng" --port "$PORT" --irc-port "$IRC_PORT" \
  --lua dissector/switchboard.lua --out-dir "$OUT_DIR" --doc "$DOC" --transcript "$OUT_DIR/irc-transcript.txt"
echo "capture: wrote $OUT_DIR/session.pcapng, $OUT_DIR/*.txt, $OUT_DIR/sequence.png and $DOC" >&2
