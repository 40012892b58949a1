#!/usr/bin/env python3
"""Medians of scripts/bench-vs-relay.sh output: a markdown table, relay.c beside Switchboard.

Usage: scripts/bench-summary.py DIR   (DIR holds steady.jsonl, fresh.jsonl, connect.jsonl, latency.jsonl)
Every cell is the median of the runs, with every run in brackets in the order taken; the ratio
is Switchboard / relay.c of the medians. The latency rows come from latency.jsonl (a fresh server
per run, `bench latency` with its floor: send lag and loop gap), or from steady.jsonl for output
of the script before it had latency.jsonl. Rows no run has are left out.
"""
import json
import statistics
import sys
from pathlib import Path

# (file, row title, scenario, params that must match, metric, unit, scale)
LATENCY_ROWS = []
for rate, k in ((10000.0, "10k"), (50000.0, "50k")):
    LATENCY_ROWS += [
        ("latency", f"p50 latency, {k} msgs/s, 100 pairs (ms)", "latency", {"rate": rate}, "p50_us", "", 1e-3),
        ("latency", f"p99 latency, {k} msgs/s, 100 pairs (ms)", "latency", {"rate": rate}, "p99_us", "", 1e-3),
        ("latency", f"p99.9 latency, {k} msgs/s, 100 pairs (ms)", "latency", {"rate": rate}, "p999_us", "", 1e-3),
        ("latency", f"max latency, {k} msgs/s, 100 pairs (ms)", "latency", {"rate": rate}, "max_us", "", 1e-3),
        ("latency", f"floor: load generator send lag p50 at {k} (µs)", "latency", {"rate": rate}, "send_lag_p50_us", "", 1),
        ("latency", f"floor: load generator send lag p99 at {k} (µs)", "latency", {"rate": rate}, "send_lag_p99_us", "", 1),
        ("latency", f"floor: load generator send lag max at {k} (µs)", "latency", {"rate": rate}, "send_lag_max_us", "", 1),
        ("latency", f"floor: loop gap max at {k} (µs)", "latency", {"rate": rate}, "loop_gap_max_us", "", 1),
        ("latency", f"floor: the sender's write system call p99 at {k} (µs)", "latency", {"rate": rate}, "write_p99_us", "", 1),
        ("latency", f"floor: older runs' send lag p99 at {k} (µs)", "latency", {"rate": rate}, "loadgen_send_lag_p99_us", "", 1),
        ("latency", f"machine load average at the start, {k} runs", "latency", {"rate": rate}, "load_average_1m", "", 1),
        ("latency", f"other processes' CPU during the run, {k} (s)", "latency", {"rate": rate}, "other_cpu_s", "", 1),
    ]
# Ratios mean something for the server's figures, not for the load generator's or the machine's.
NO_RATIO = ("floor:", "machine load", "other processes")

ROWS = [
    ("steady", "throughput, 10 pairs, 64 B (msgs/s)", "throughput", {"pairs": 10}, "msgs_per_s", "M", 1e-6),
    *LATENCY_ROWS,
    ("connect", "19,900 logins: time until all logged in (s)", "connect", {"clients": 19900}, "all_logged_in_s", "", 1),
    ("connect", "RSS with 19,900 logged in (MiB)", "connect", {"clients": 19900}, "server_rss_kib", "", 1 / 1024),
    ("fresh", "storm 5,000, USERS lines, fresh server: all hold the full list (s)", "storm", {"clients": 5000, "presence": False}, "all_full_list_s", "", 1),
    ("steady", "storm 5,000, USERS lines, warm server: all hold the full list (s)", "storm", {"clients": 5000, "presence": False}, "all_full_list_s", "", 1),
    ("steady", "storm 5,000, USERS lines, warm server: presence bytes (MB)", "storm", {"clients": 5000, "presence": False}, "presence_bytes", "", 1e-6),
    ("steady", "storm 5,000, presence capability: all hold the full list (s)", "storm", {"clients": 5000, "presence": True}, "all_full_list_s", "", 1),
    ("steady", "storm 5,000, presence capability: presence bytes (MB)", "storm", {"clients": 5000, "presence": True}, "presence_bytes", "", 1e-6),
]
LABELS = ["relay.c", "switchboard"]


def load(path):
    runs = []
    if path.exists():
        for line in path.read_text().splitlines():
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if d.get("ok"):
                runs.append(d)
    return runs


def fmt(v):
    if v is None:
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = Path(sys.argv[1])
    files = {name: load(d / f"{name}.jsonl") for name in ("steady", "fresh", "connect", "latency")}
    if not files["latency"]:
        files["latency"] = [r for r in files["steady"] if r.get("scenario") == "latency"]
    print("| measure | relay.c | Switchboard | ratio |")
    print("|---|---|---|---|")
    for file, title, scenario, params, metric, unit, scale in ROWS:
        cells = []
        medians = []
        for label in LABELS:
            vals = [r[metric] * scale for r in files[file]
                    if r.get("scenario") == scenario and r.get("label") == label and metric in r
                    and all(r.get(k) == v for k, v in params.items())]
            m = statistics.median(vals) if vals else None
            medians.append(m)
            cells.append(f"{fmt(m)}{unit} [{', '.join(fmt(v) for v in vals)}]" if vals else "—")
        if medians == [None, None]:
            continue
        ratio = f"{medians[1] / medians[0]:.2f}" if None not in medians and medians[0] and not title.startswith(NO_RATIO) else "—"
        print(f"| {title} | {cells[0]} | {cells[1]} | {ratio} |")


if __name__ == "__main__":
    main()
