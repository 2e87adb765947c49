package io.samsa.storage.cleaner;

import io.samsa.storage.Log;
import io.samsa.storage.SegmentView;
import java.util.List;

/**
 * Where a log's cleanable section ends and how dirty it is (Kafka's rules, brief §1.2). The first uncleanable
 * offset is the smallest of the last stable offset (only decided data is cleaned), the active segment's base
 * offset, and the base of the first dirty segment holding a record newer than {@code min.compaction.lag.ms};
 * rounded down to a segment base, since only whole segments are cleaned. Stateless.
 */
public final class CleanableOffsets {
    private CleanableOffsets() {
    }

    public static long firstUncleanableOffset(Log log, long firstDirty, long minCompactionLagMs, long nowMs) {
        long bound = Math.min(log.lastStableOffset(), log.activeSegmentBaseOffset());
        List<SegmentView> nonActive = log.segmentViews(0, log.activeSegmentBaseOffset());
        if (minCompactionLagMs > 0) {
            for (int i = 0; i < nonActive.size(); i++) {
                SegmentView view = nonActive.get(i);
                if (nextBase(nonActive, i, log) > firstDirty && view.largestTimestamp() > nowMs - minCompactionLagMs) {
                    bound = Math.min(bound, view.baseOffset());
                    break;
                }
            }
        }
        bound = Math.max(bound, firstDirty);
        long rounded = log.activeSegmentBaseOffset();
        for (int i = 0; i < nonActive.size(); i++) {
            SegmentView view = nonActive.get(i);
            if (view.baseOffset() <= bound && bound < nextBase(nonActive, i, log)) {
                rounded = view.baseOffset();
            }
        }
        // Rounding down may fall below a first dirty offset inside a segment (a previous clean's map was full):
        // then nothing is cleanable yet.
        return Math.max(rounded, firstDirty);
    }

    /**
     * cleanable bytes / (clean + cleanable bytes), counting whole segments overlapping [log start, first dirty)
     * and [first dirty, first uncleanable); 0 for an empty log.
     */
    public static double dirtyRatio(Log log, long firstDirty, long firstUncleanable) {
        List<SegmentView> nonActive = log.segmentViews(0, log.activeSegmentBaseOffset());
        long clean = 0;
        long cleanable = 0;
        for (int i = 0; i < nonActive.size(); i++) {
            SegmentView view = nonActive.get(i);
            long end = nextBase(nonActive, i, log);
            if (view.baseOffset() < firstDirty) {
                clean += view.sizeInBytes();
            } else if (view.baseOffset() < firstUncleanable && end > firstDirty) {
                cleanable += view.sizeInBytes();
            }
        }
        return clean + cleanable == 0 ? 0.0 : (double) cleanable / (clean + cleanable);
    }

    /**
     * Whether a dirty record has waited longer than {@code max.compaction.lag.ms} (Kafka's rule: the earliest
     * positive first-batch timestamp of the non-active segments holding dirty offsets is before now − lag), which
     * makes the log cleanable whatever its dirty ratio.
     */
    public static boolean compactionOverdue(Log log, long firstDirty, long maxCompactionLagMs, long nowMs) {
        return compactionDelayMs(log, firstDirty, maxCompactionLagMs, nowMs) > 0;
    }

    /**
     * How long the oldest dirty record has waited beyond {@code max.compaction.lag.ms} (Kafka's compaction delay,
     * the {@code max-compaction-delay-secs} metric); 0 when not overdue or without a lag.
     */
    public static long compactionDelayMs(Log log, long firstDirty, long maxCompactionLagMs, long nowMs) {
        if (maxCompactionLagMs <= 0 || maxCompactionLagMs == Long.MAX_VALUE) {
            return 0;
        }
        List<SegmentView> nonActive = log.segmentViews(0, log.activeSegmentBaseOffset());
        long delay = 0;
        for (int i = 0; i < nonActive.size(); i++) {
            long first = nonActive.get(i).firstBatchTimestamp();
            if (nextBase(nonActive, i, log) > firstDirty && first > 0) {
                delay = Math.max(delay, nowMs - maxCompactionLagMs - first);
            }
        }
        return delay;
    }

    /** Where segment {@code i} ends: the next one's base, or the active segment's. By index: a search is quadratic. */
    private static long nextBase(List<SegmentView> nonActive, int i, Log log) {
        return i + 1 < nonActive.size() ? nonActive.get(i + 1).baseOffset() : log.activeSegmentBaseOffset();
    }
}
