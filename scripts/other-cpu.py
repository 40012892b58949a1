#!/usr/bin/env python3
"""CPU used by everyone else: the processes that are not ROOT_PID or its descendants.

Usage: scripts/other-cpu.py ROOT_PID FILE
Samples /proc twice a second until ROOT_PID exits, and keeps in FILE one number: the CPU seconds
(user + system) other processes have used since it started, kernel threads left out. A process
that starts and ends between two samples is missed (at most half a second of CPU each); a
process that exits is counted up to its last sample. scripts/bench-vs-relay.sh reads FILE before
and after each latency run, and before a run waits until it stops growing.
"""
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def snapshot():
    """pid -> (ppid, cpu ticks) of every user-space process."""
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        ppid = int(fields[1])
        pid = int(name)
        if pid == 2 or ppid == 2:  # kthreadd and kernel threads
            continue
        procs[pid] = (ppid, int(fields[11]) + int(fields[12]))
    return procs


def ours(procs, root):
    mine = {root}
    changed = True
    while changed:
        changed = False
        for pid, (ppid, _) in procs.items():
            if ppid in mine and pid not in mine:
                mine.add(pid)
                changed = True
    return mine


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    root, path = int(sys.argv[1]), sys.argv[2]
    last = {}
    total = 0
    first = True
    while os.path.exists(f"/proc/{root}"):
        procs = snapshot()
        mine = ours(procs, root)
        for pid, (_, cpu) in procs.items():
            if pid in mine:
                continue
            if pid in last:
                total += max(0, cpu - last[pid])
            elif not first:
                total += cpu  # started since the last sample: all of its time is new
        last = {pid: cpu for pid, (_, cpu) in procs.items() if pid not in mine}
        first = False
        with open(path + ".tmp", "w") as f:
            f.write(f"{total / TICKS:.2f}\n")
        os.replace(path + ".tmp", path)
        time.sleep(0.5)


if __name__ == "__main__":
    main()
