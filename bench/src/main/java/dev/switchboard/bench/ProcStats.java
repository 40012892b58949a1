package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory, threads and CPU time from {@code /proc} (Linux only).
 *
 * @param rssKib resident set size now
 * @param hwmKib peak resident set size
 * @param threads threads now
 * @param cpuSeconds user + system CPU time so far
 */
record ProcStats(long rssKib, long hwmKib, int threads, double cpuSeconds) {

    /** Clock ticks per second of /proc/PID/stat times: USER_HZ, 100 on every mainstream Linux build. */
    static final double TICKS_PER_SECOND = 100.0;

    /** Reads {@code /proc/<pid>}; null when it cannot (no such process, not Linux). */
    static ProcStats read(long pid) {
        try {
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state); utime and stime are fields 14 and 15.
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new ProcStats(rss, hwm, threads, ticks / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The process's command name ({@code /proc/PID/comm}, at most 15 characters); null when unknown. */
    static String command(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The machine's 1-minute load average ({@code /proc/loadavg}); -1 when unknown. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static ProcStats self() {
        return read(ProcessHandle.current().pid());
    }

    private static long kib(String line) {
        String v = line.substring(line.indexOf(':') + 1).trim();
        return Long.parseLong(v.substring(0, v.indexOf(' ')));
    }
}
