package io.samsa.storage;

import org.apache.kafka.common.record.Records;

/**
 * The result of a read: {@code records} is a {@code FileRecords} slice of one segment file (sent with zero copy)
 * or {@code MemoryRecords.EMPTY}. It starts at the batch containing the fetch offset.
 *
 * @param records   whole batches, never a partial one
 * @param sizeBytes {@code records.sizeInBytes()}, cached
 */
public record FetchDataInfo(Records records, int sizeBytes) {
}
