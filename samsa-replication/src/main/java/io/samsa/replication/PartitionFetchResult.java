package io.samsa.replication;

import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;

/**
 * What a fetch returns for one partition.
 *
 * @param partition      the partition as requested
 * @param error          NONE or the partition's error
 * @param highWatermark  -1 when unknown
 * @param logStartOffset -1 when unknown
 * @param records        whole batches (a file slice for zero copy), or empty
 */
public record PartitionFetchResult(TopicIdPartition partition, Errors error, long highWatermark,
                                   long logStartOffset, Records records) {

    static PartitionFetchResult error(TopicIdPartition partition, Errors error) {
        return new PartitionFetchResult(partition, error, -1L, -1L, MemoryRecords.EMPTY);
    }

    int sizeInBytes() {
        return records.sizeInBytes();
    }
}
