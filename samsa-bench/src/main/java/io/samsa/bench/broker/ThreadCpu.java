package io.samsa.bench.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time per thread of some processes, from Linux's {@code /proc/<pid>/task/<tid>/stat}, to show where a
 * cluster's CPU goes (network threads, replica fetchers, GC, JIT compiler). Threads are grouped by name with
 * their index replaced by {@code #} ({@link #group}), so {@code samsa-network-1} and {@code samsa-network-2} add up; Linux keeps the
 * first 15 bytes of a thread's name. A thread that exits between two snapshots loses its time: the figures are
 * a diagnostic, not the measurement (that is the process totals of {@link ProcStats}).
 *
 * @param seconds CPU seconds by thread, keyed by {@code pid/tid}, with the thread's name
 */
public record ThreadCpu(Map<String, Named> seconds) {

    /** One thread's name and CPU seconds. */
    public record Named(String name, double seconds) {
    }

    /** The CPU seconds of every thread of {@code pids} now. Processes or threads that vanish are skipped. */
    public static ThreadCpu snapshot(List<Long> pids) {
        Map<String, Named> out = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (Stream<Path> s = Files.list(tasks)) {
                for (Path task : s.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        out.put(pid + "/" + task.getFileName(), new Named(name(stat), ProcStats.parseCpuSeconds(stat)));
                    } catch (NoSuchFileException e) {
                        // The thread exited while the directory was listed.
                    }
                }
            } catch (IOException e) {
                // The process exited: it has no threads to report.
            }
        }
        return new ThreadCpu(out);
    }

    /**
     * CPU seconds used since {@code before}, by thread group, largest first, at most {@code limit} groups; a
     * thread started since counts from zero.
     */
    public Map<String, Double> since(ThreadCpu before, int limit) {
        Map<String, Double> byGroup = new HashMap<>();
        seconds.forEach((key, now) -> {
            Named then = before.seconds().get(key);
            double used = now.seconds() - (then == null ? 0 : then.seconds());
            byGroup.merge(group(now.name()), used, Double::sum);
        });
        Map<String, Double> top = new LinkedHashMap<>();
        byGroup.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** Numbers that index a thread ({@code -1}, {@code #0}, a trailing {@code 12}) become {@code #}; "C2" stays. */
    static String group(String name) {
        return name.replaceAll("(?<![A-Za-z])\\d+|\\d+$", "#");
    }

    /** The thread name: field 2 of {@code stat}, between the first '(' and the last ')'. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }
}
