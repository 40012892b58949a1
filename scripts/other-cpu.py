#!/usr/bin/env python3
"""How much CPU everyone else used between two moments, measured without running in between.

Usage: scripts/other-cpu.py snapshot ROOT_PID FILE    (writes FILE)
       scripts/other-cpu.py since ROOT_PID FILE       (prints CPU seconds since FILE was written)

"Everyone else" is every user-space process that is not ROOT_PID or one of its descendants. Each
is counted by its own time and its reaped children's (utime + stime + cutime + cstime), keyed by
pid and start time: a process alive at both moments counts its difference, one started since
counts all of it, and one that ended in between counts through the parent that reaped it (and
its time from before the first moment too: an overestimate, never a miss). Kernel threads are
left out. scripts/bench-vs-relay.sh takes a snapshot before each latency run and asks after it:
nothing samples during the run, because a sampler scanning /proc on the load generator's core is
itself a disturbance. (/proc/stat's totals cannot be used instead: they leave out the softirq
time that per-process times include, seconds per run of loopback traffic.)
"""
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def processes():
    """(pid, starttime) -> (ppid, cpu ticks including reaped children) of user-space processes."""
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
        pid, ppid = int(name), int(fields[1])
        if pid == 2 or ppid == 2:  # kthreadd and the kernel threads
            continue
        cpu = sum(int(x) for x in fields[11:15])
        procs[(pid, int(fields[19]))] = (ppid, cpu)
    return procs


def others(root):
    procs = processes()
    children = {}
    for (pid, _), (ppid, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    ours, todo = set(), [root]
    while todo:
        p = todo.pop()
        if p not in ours:
            ours.add(p)
            todo.extend(children.get(p, []))
    return {k: cpu for k, (_, cpu) in procs.items() if k[0] not in ours}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("snapshot", "since"):
        sys.exit(__doc__)
    root, path = int(sys.argv[2]), sys.argv[3]
    now = others(root)
    if sys.argv[1] == "snapshot":
        with open(path, "w") as f:
            for (pid, start), cpu in now.items():
                f.write(f"{pid} {start} {cpu}\n")
        return
    before = {}
    with open(path) as f:
        for line in f:
            pid, start, cpu = (int(x) for x in line.split())
            before[(pid, start)] = cpu
    used = sum(max(0, cpu - before.get(k, 0)) for k, cpu in now.items())
    print(f"{used / TICKS:.2f}")


if __name__ == "__main__":
    main()
