package io.samsa.bench.workload;

import io.samsa.bench.broker.RunningBroker;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Time;

/**
 * Polls a partition's segment bytes ({@link SegmentBytes}) until the log is compacted: no more than
 * {@link #TOLERANCE} above one record per key ({@link KeyedDataSet#compactedBytes}) plus the active segment, which
 * the cleaner never touches. Two polls in a row must agree, so a moment in a segment swap cannot end the wait.
 * Stateless.
 */
final class CompactionWait {
    /** How far above the compacted size the log may stay: batch headers and offset deltas vary a little. */
    static final double TOLERANCE = 0.05;
    static final long POLL_MS = 200;

    private CompactionWait() {
    }

    /**
     * The outcome.
     *
     * @param reached whether the log reached its compacted size in time
     * @param ms      from {@code fromNanos} until the first of the two polls that saw it (or until giving up)
     * @param size    the last poll
     */
    record Result(boolean reached, double ms, SegmentBytes size) {
    }

    /** @param compactedBytes {@link KeyedDataSet#compactedBytes} */
    static Result await(RunningBroker broker, Path partitionDir, long compactedBytes, long fromNanos, Time time,
                        long timeoutMs) throws IOException {
        long deadline = time.milliseconds() + timeoutMs;
        long firstSeen = -1;
        SegmentBytes size = SegmentBytes.of(partitionDir);
        while (true) {
            long now = time.nanoseconds();
            if (compacted(size, compactedBytes)) {
                if (firstSeen >= 0) {
                    return new Result(true, (firstSeen - fromNanos) / 1e6, size);
                }
                firstSeen = now;
            } else {
                firstSeen = -1;
            }
            if (time.milliseconds() > deadline) {
                return new Result(false, (now - fromNanos) / 1e6, size);
            }
            broker.ensureAlive();
            time.sleep(POLL_MS);
            size = SegmentBytes.of(partitionDir);
        }
    }

    static boolean compacted(SegmentBytes size, long compactedBytes) {
        return size.total() <= (compactedBytes + size.active()) * (1 + TOLERANCE);
    }
}
