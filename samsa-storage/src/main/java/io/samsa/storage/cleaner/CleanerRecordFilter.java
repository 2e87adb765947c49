package io.samsa.storage.cleaner;

import java.util.Map;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What the recopy of one group keeps (Kafka's rules, issue 11 brief §1.4): the latest record of each key per the
 * offset map; every record above the mapped range; no keyless record; a tombstone until its batch's delete horizon
 * (stamped by {@link MemoryRecords#filterTo} on the first clean that keeps it, as now + {@code delete.retention.ms})
 * has passed. The last batch of the group and the last batch of each active producer stay, at least as an empty
 * batch, so the group's end offset and producers' sequence state survive.
 *
 * <p>Transactional and control batches are kept whole: the clean never goes past the last stable offset, and
 * removing aborted data and obsolete markers is not implemented yet. One instance per group; not thread-safe.
 */
final class CleanerRecordFilter extends MemoryRecords.RecordFilter {
    private final OffsetMap map;
    private final Map<Long, Long> lastOffsetOfActiveProducers;
    private final long groupLastOffset;
    private int keylessDropped;

    CleanerRecordFilter(long nowMs, long deleteRetentionMs, OffsetMap map, Map<Long, Long> lastOffsetOfActiveProducers,
                        long groupLastOffset) {
        super(nowMs, deleteRetentionMs);
        this.map = map;
        this.lastOffsetOfActiveProducers = lastOffsetOfActiveProducers;
        this.groupLastOffset = groupLastOffset;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        boolean keepHeader = batch.isTransactional() || batch.isControlBatch()
                || batch.lastOffset() == groupLastOffset
                || (batch.hasProducerId()
                    && lastOffsetOfActiveProducers.getOrDefault(batch.producerId(), -1L) == batch.lastOffset());
        return new BatchRetentionResult(keepHeader ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (batch.isTransactional() || batch.isControlBatch() || record.offset() > map.latestOffset()) {
            return true;
        }
        if (!record.hasKey()) {
            keylessDropped++;
            return false;
        }
        long latest = map.get(record.key());
        if (latest >= 0 && record.offset() < latest) {
            return false;
        }
        if (record.hasValue()) {
            return true;
        }
        return batch.deleteHorizonMs().isEmpty() || currentTime < batch.deleteHorizonMs().getAsLong();
    }

    /** Keyless records dropped so far (Kafka's "invalid messages"). */
    int keylessDropped() {
        return keylessDropped;
    }
}
