package io.samsa.storage.cleaner;

import java.util.Map;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * What the recopy of one group keeps (Kafka's rules, issue 11 brief §1.4 and §1.5): the latest record of each key
 * per the offset map; every record above the mapped range; no keyless record; a tombstone until its batch's delete
 * horizon (stamped by {@link MemoryRecords#filterTo} on the first clean that keeps it, as now +
 * {@code delete.retention.ms}) has passed. Data of aborted transactions goes; a transaction marker stays while data
 * of its transaction is left, then until its own delete horizon ({@link TxnCleanState}). The last batch of the group
 * and the last batch of each active producer stay, at least as an empty batch, so the group's end offset and
 * producers' sequence and epoch state survive. One instance per group; not thread-safe.
 */
final class CleanerRecordFilter extends MemoryRecords.RecordFilter {
    private final OffsetMap map;
    private final Map<Long, ProducerLastBatch> activeProducers;
    private final long groupLastOffset;
    private final TxnCleanState transactions;
    /** Set per batch: the batch stays (if at all) only for its header. */
    private boolean discardRecords;
    private int keylessDropped;

    CleanerRecordFilter(long nowMs, long deleteRetentionMs, OffsetMap map,
                        Map<Long, ProducerLastBatch> activeProducers, long groupLastOffset,
                        TxnCleanState transactions) {
        super(nowMs, deleteRetentionMs);
        this.map = map;
        this.activeProducers = activeProducers;
        this.groupLastOffset = groupLastOffset;
        this.transactions = transactions;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        boolean control = batch.isControlBatch();
        boolean canDiscard = control ? transactions.onControlBatch(batch) : transactions.onDataBatch(batch);
        // A marker whose transaction has no data left goes only after its delete horizon, which filterTo stamps
        // on the first clean that finds it so (the second argument below).
        discardRecords = control
                ? canDiscard && batch.deleteHorizonMs().isPresent() && batch.deleteHorizonMs().getAsLong() <= currentTime
                : canDiscard;
        BatchRetention retention = batch.lastOffset() == groupLastOffset || isLastOfActiveProducer(batch)
                ? BatchRetention.RETAIN_EMPTY
                : discardRecords ? BatchRetention.DELETE : BatchRetention.DELETE_EMPTY;
        return new BatchRetentionResult(retention, canDiscard && control);
    }

    private boolean isLastOfActiveProducer(RecordBatch batch) {
        ProducerLastBatch last = batch.hasProducerId() ? activeProducers.get(batch.producerId()) : null;
        if (last == null) {
            return false;
        }
        return last.lastDataOffset() >= 0 ? batch.lastOffset() == last.lastDataOffset()
                : batch.isControlBatch() && batch.producerEpoch() == last.producerEpoch();
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (discardRecords) {
            return false;
        }
        if (batch.isControlBatch() || record.offset() > map.latestOffset()) {
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
