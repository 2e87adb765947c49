package io.samsa.storage;

import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;

/**
 * The result of a read: {@code records} is a {@code FileRecords} slice of one segment file (sent with zero copy)
 * or {@code MemoryRecords.EMPTY}. It starts at the batch containing the fetch offset.
 *
 * @param records             whole batches, never a partial one
 * @param sizeBytes           {@code records.sizeInBytes()}, cached
 * @param fetchOffsetMetadata where the fetch offset is: the segment and byte position of its batch, or
 *                            {@link LogOffsetMetadata#UNKNOWN} when the read did not need to find it. A leader
 *                            keeps it as the follower's log end position, so a waiting fetch can count the bytes
 *                            that became visible by comparing positions instead of reading the log again.
 */
public record FetchDataInfo(Records records, int sizeBytes, LogOffsetMetadata fetchOffsetMetadata) {
    static final FetchDataInfo EMPTY = new FetchDataInfo(MemoryRecords.EMPTY, 0, LogOffsetMetadata.UNKNOWN);

    static FetchDataInfo empty(LogOffsetMetadata at) {
        return new FetchDataInfo(MemoryRecords.EMPTY, 0, at);
    }
}
