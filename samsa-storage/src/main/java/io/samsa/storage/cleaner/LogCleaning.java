package io.samsa.storage.cleaner;

import io.samsa.storage.Log;
import io.samsa.storage.SegmentView;
import io.samsa.storage.producer.ProducerStateEntry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;

/**
 * One clean of one log, synchronously on the caller's thread: pass 1 maps the dirty section's keys
 * ({@link OffsetMapBuilder}), then every segment from the log start to the mapped end is grouped
 * ({@link SegmentGrouper}) and each group recopied and swapped in ({@link SegmentCleaner}). The caller writes
 * the returned end offset to {@link CleanerCheckpoints}, and only after a clean that completed.
 *
 * <p>Throws {@link io.samsa.storage.LogCleaningAbortedException} when the log changed under the clean (groups
 * swapped before stay swapped, which is safe: each is a complete clean of its segments). Never cleans past the
 * last stable offset, so every transaction it meets is decided: aborted data is removed, committed data compacted
 * like any other, and markers go once their data has ({@link TxnCleanState}). Owns its offset map: one instance per
 * thread.
 */
public final class LogCleaning {
    private final OffsetMap map;
    private final Time time;
    private final IoThrottle throttle;
    private final BatchChunkReader reader;

    /** An unthrottled clean. */
    public LogCleaning(CleanerConfig config, Time time) {
        this(config, time, IoThrottle.UNTHROTTLED);
    }

    /** @param throttle told of every chunk read or written, in both passes */
    LogCleaning(CleanerConfig config, Time time, IoThrottle throttle) {
        this.map = new KeyHashOffsetMap(config.dedupeBufferBytes(), config.loadFactor());
        this.time = time;
        this.throttle = throttle;
        this.reader = new BatchChunkReader(config.ioBufferBytes(), config.maxMessageBytes());
    }

    /** Cleans {@code log} from {@code firstDirty} (its checkpointed first dirty offset) as far as allowed. */
    public CleanerStats clean(Log log, long firstDirty, TopicCompaction topic) throws IOException {
        long nowMs = time.milliseconds();
        long expectedTruncations = log.truncations();
        long firstUncleanable = CleanableOffsets.firstUncleanableOffset(log, firstDirty, topic.minCompactionLagMs(),
                nowMs);
        double ratioBefore = CleanableOffsets.dirtyRatio(log, firstDirty, firstUncleanable);
        if (firstUncleanable <= firstDirty) {
            return new CleanerStats(firstDirty, 0, 0, 0, 0, 0, 0.0, ratioBefore, ratioBefore, 0, 0, 0);
        }
        List<SegmentView> dirty = log.segmentViews(floorBase(log, firstDirty), firstUncleanable);
        long indexStart = time.nanoseconds();
        OffsetMapBuilder.Result mapped = OffsetMapBuilder.build(map, dirty, firstDirty, firstUncleanable,
                log.collectAbortedTransactions(dirty.isEmpty() ? firstDirty : dirty.get(0).baseOffset(),
                        firstUncleanable), reader, throttle);
        long endOffset = mapped.endOffset();
        long cleanStart = time.nanoseconds();
        SegmentCleaner cleaner = new SegmentCleaner(reader, throttle);
        if (endOffset > firstDirty) {
            List<SegmentView> toClean = log.segmentViews(0, endOffset);
            long groupsEnd = toClean.isEmpty() ? endOffset : Math.min(endOffset, firstUncleanable);
            TxnCleanState transactions = new TxnCleanState();
            for (List<SegmentView> group : SegmentGrouper.group(toClean, log.config().segmentBytes(), groupsEnd)) {
                cleaner.clean(log, group, map, nowMs, topic.deleteRetentionMs(), activeProducers(log), transactions,
                        expectedTruncations);
            }
        }
        long cleanNanos = time.nanoseconds() - cleanStart;
        double ratioAfter = CleanableOffsets.dirtyRatio(log, endOffset, firstUncleanable);
        return new CleanerStats(endOffset, cleaner.bytesRead(), cleaner.bytesWritten(), cleaner.messagesRead(),
                cleaner.messagesWritten(), cleaner.keylessDropped(), map.utilization(), ratioBefore, ratioAfter,
                mapped.bytesRead(), cleanStart - indexStart, cleanNanos);
    }

    private static long floorBase(Log log, long offset) {
        long base = 0;
        for (SegmentView view : log.segmentViews(0, log.activeSegmentBaseOffset())) {
            if (view.baseOffset() <= offset) {
                base = view.baseOffset();
            }
        }
        return base;
    }

    /** Read per group, since producers keep appending while the clean runs. */
    private static Map<Long, ProducerLastBatch> activeProducers(Log log) {
        Map<Long, ProducerLastBatch> last = new HashMap<>();
        for (Map.Entry<Long, ProducerStateEntry> e : log.activeProducers().entrySet()) {
            last.put(e.getKey(), new ProducerLastBatch(e.getValue().lastOffset(), e.getValue().producerEpoch()));
        }
        return last;
    }
}
