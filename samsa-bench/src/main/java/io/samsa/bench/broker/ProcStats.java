package io.samsa.bench.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one process's CPU time and peak resident set size from Linux's {@code /proc}.
 *
 * <p>CPU time is {@code utime + stime} of {@code /proc/<pid>/stat} (fields 14 and 15, in clock ticks), which
 * covers every thread of the process, including threads that have already exited. Peak RSS is {@code VmHWM}
 * of {@code /proc/<pid>/status}: the high-water mark since the process started.
 *
 * <p>Stateless; thread-safe.
 */
public final class ProcStats {
    /** {@code sysconf(_SC_CLK_TCK)}; 100 on every Linux platform the JDK runs on (USER_HZ is fixed at build time). */
    static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** User plus system CPU seconds the process has used so far. */
    public static double cpuSeconds(long pid) throws IOException {
        return parseCpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** Peak resident set size in bytes ({@code VmHWM}). */
    public static long peakRssBytes(long pid) throws IOException {
        return parsePeakRssBytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    }

    static double parseCpuSeconds(String stat) {
        // The command name (field 2) is in parentheses and may itself hold spaces or parentheses: split after the
        // last ')'. What follows starts with field 3 (state), so utime (14) is at index 11 and stime (15) at 12.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks / CLOCK_TICKS_PER_SECOND;
    }

    static long parsePeakRssBytes(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmHWM:")) {
                String kb = line.substring("VmHWM:".length()).trim().split("\\s+")[0];
                return Long.parseLong(kb) * 1024;
            }
        }
        throw new IllegalStateException("No VmHWM line in /proc/<pid>/status");
    }
}
