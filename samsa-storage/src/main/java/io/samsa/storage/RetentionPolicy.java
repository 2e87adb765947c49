package io.samsa.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a log's oldest segments may be deleted, Kafka's rules: walk the segments from the oldest and stop at
 * the first one the rule keeps. A segment only goes if every offset in it is below the high watermark (so
 * retention never deletes data consumers could not read yet) and it is not the last segment while empty.
 * The active segment may be chosen; the log then rolls first so that an empty active segment remains.
 *
 * <p>Rules: {@link #logStartOffsetBreached} (DeleteRecords moved the log start offset past the segment),
 * {@link #retentionMsBreached} (largest timestamp older than {@code retention.ms}),
 * {@link #retentionSizeBreached} (log larger than {@code retention.bytes} even without the segment).
 *
 * <p>Stateless apart from the size rule's running total; call it under the log's lock.
 */
final class RetentionPolicy {
    private RetentionPolicy() {
    }

    /** Decides for one segment; {@code next} is the segment after it, or null for the last. */
    @FunctionalInterface
    interface DeletionRule {
        boolean shouldDelete(LogSegment segment, LogSegment next);
    }

    static DeletionRule logStartOffsetBreached(long logStartOffset) {
        return (segment, next) -> next != null && next.baseOffset() <= logStartOffset;
    }

    static DeletionRule retentionMsBreached(long retentionMs, long nowMs) {
        if (retentionMs < 0) {
            return (segment, next) -> false;
        }
        return (segment, next) -> nowMs - segment.largestTimestamp() > retentionMs;
    }

    static DeletionRule retentionSizeBreached(long retentionBytes, long logSize) {
        if (retentionBytes < 0 || logSize < retentionBytes) {
            return (segment, next) -> false;
        }
        long[] excess = {logSize - retentionBytes};
        return (segment, next) -> {
            if (excess[0] - segment.size() >= 0) {
                excess[0] -= segment.size();
                return true;
            }
            return false;
        };
    }

    /** The oldest segments the rule deletes, all wholly below {@code highWatermark}. */
    static List<LogSegment> deletableSegments(LogSegments segments, DeletionRule rule, long highWatermark,
                                              long logEndOffset) {
        List<LogSegment> deletable = new ArrayList<>();
        LogSegment segment = segments.first();
        while (segment != null) {
            LogSegment next = segments.higher(segment.baseOffset());
            long upperBound = next == null ? logEndOffset : next.baseOffset();
            boolean lastAndEmpty = next == null && segment.size() == 0;
            if (lastAndEmpty || upperBound > highWatermark || !rule.shouldDelete(segment, next)) {
                break;
            }
            deletable.add(segment);
            segment = next;
        }
        return deletable;
    }
}
