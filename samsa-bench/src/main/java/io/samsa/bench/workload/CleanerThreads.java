package io.samsa.bench.workload;

import io.samsa.bench.broker.RunningBroker;
import io.samsa.bench.broker.ThreadCpu;
import java.util.List;
import org.apache.kafka.common.utils.Time;

/**
 * A broker's log cleaner threads, seen from {@code /proc} ({@link ThreadCpu}): both brokers name them
 * {@code kafka-log-cleaner-thread-N}, which Linux cuts to its first 15 bytes. Stateless.
 */
final class CleanerThreads {
    private static final String NAME_PREFIX = "kafka-log-clean";
    /** Below this share of one core over a sample the cleaner counts as idle (its back-off loop costs nothing). */
    private static final double IDLE_SHARE = 0.05;
    private static final long SAMPLE_MS = 500;
    /** Above this share of one core over a sample the cleaner counts as working. */
    private static final double BUSY_SHARE = 0.5;
    private static final long BUSY_SAMPLE_MS = 100;

    private CleanerThreads() {
    }

    /** CPU seconds the broker's cleaner threads have used since they started. */
    static double cpuSeconds(RunningBroker broker) {
        return ThreadCpu.snapshot(List.of(broker.pid())).seconds().values().stream()
                .filter(t -> t.name().startsWith(NAME_PREFIX)).mapToDouble(ThreadCpu.Named::seconds).sum();
    }

    /**
     * Waits, at most {@code timeoutMs} (at least one sample of {@link #BUSY_SAMPLE_MS}), until the cleaner uses at
     * least half a core over a sample: it is in a pass. Returns whether it was.
     */
    static boolean awaitBusy(RunningBroker broker, Time time, long timeoutMs) {
        long deadline = time.milliseconds() + timeoutMs;
        double before = cpuSeconds(broker);
        while (time.milliseconds() <= deadline) {
            time.sleep(BUSY_SAMPLE_MS);
            double now = cpuSeconds(broker);
            if (now - before >= BUSY_SHARE * BUSY_SAMPLE_MS / 1000.0) {
                return true;
            }
            before = now;
        }
        return false;
    }

    /**
     * Waits, at most {@code timeoutMs}, until the cleaner uses less than {@link #IDLE_SHARE} of a core over two
     * samples in a row. A log reaches its compacted size part-way through the pass that compacts it (the pass
     * drops old copies from the first segments, then rewrites the newest ones unchanged), so the pass may still
     * run when the size says done; this lets it finish and print its summary. Returns whether it went idle.
     */
    static boolean awaitIdle(RunningBroker broker, Time time, long timeoutMs) {
        long deadline = time.milliseconds() + timeoutMs;
        int quiet = 0;
        double before = cpuSeconds(broker);
        while (quiet < 2 && time.milliseconds() <= deadline) {
            time.sleep(SAMPLE_MS);
            double now = cpuSeconds(broker);
            quiet = now - before < IDLE_SHARE * SAMPLE_MS / 1000.0 ? quiet + 1 : 0;
            before = now;
        }
        return quiet >= 2;
    }
}
