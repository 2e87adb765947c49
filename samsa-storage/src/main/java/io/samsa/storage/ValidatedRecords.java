package io.samsa.storage;

import java.util.List;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;

/**
 * The batches of one produce request that passed {@link BatchValidator}, with the totals the append needs.
 *
 * @param records         the request's records (whole batches only)
 * @param batches         its batches in order, views over {@code records}'s buffer (header rewrites go through)
 * @param maxTimestamps   per batch, the largest record timestamp (-1 if none), which the log writes into the
 *                        batch's header for CreateTime topics
 * @param messageCount    number of offsets the batches take
 * @param maxTimestamp    largest record timestamp of all batches (before any LogAppendTime stamping)
 * @param hasProducerIds  whether any batch carries a producer id (idempotent or transactional)
 */
record ValidatedRecords(MemoryRecords records, List<MutableRecordBatch> batches, long[] maxTimestamps,
                        long messageCount, long maxTimestamp, boolean hasProducerIds) {

    int sizeInBytes() {
        return records.sizeInBytes();
    }

    /** The largest record timestamp of batch {@code i}. */
    long maxTimestamp(int i) {
        return maxTimestamps[i];
    }
}
