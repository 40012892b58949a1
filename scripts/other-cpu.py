#!/usr/bin/env python3
"""A snapshot for measuring the CPU used by everyone else, without running during the measurement.

Usage: scripts/other-cpu.py PID
Prints two numbers of CPU seconds so far: all CPUs' user + nice + system time (/proc/stat), and
the time of PID with its reaped children (utime + stime + cutime + cstime). Between two snapshots
taken while PID's own children have all been waited for, the difference of the first minus the
difference of the second is what other processes used (interrupt and steal time are left out on
both sides; the granularity is the kernel's 10 ms tick). scripts/bench-vs-relay.sh takes one
before and one after each latency run, with its own PID: nothing samples during the run itself,
because a sampler scanning /proc on the load generator's core is itself a disturbance.
"""
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open("/proc/stat") as f:
        cpu = f.readline().split()
    busy = int(cpu[1]) + int(cpu[2]) + int(cpu[3])
    with open(f"/proc/{int(sys.argv[1])}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    ours = sum(int(x) for x in fields[11:15])
    print(f"{busy / TICKS:.2f} {ours / TICKS:.2f}")


if __name__ == "__main__":
    main()
