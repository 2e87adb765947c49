package io.samsa.replication;

import io.samsa.storage.LogOffsetMetadata;
import io.samsa.storage.epoch.EpochEndOffset;
import java.util.List;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
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
 * @param divergingEpoch for a follower whose log diverges from the leader's: where its last fetched epoch ends in
 *                       the leader's log; null otherwise
 * @param fetchStart     where the fetch offset is in the log, when the read found it: a waiting fetch counts new
 *                       bytes from there
 * @param preferredReadReplica the broker the consumer should read from instead (KIP-392), -1 for none
 * @param lastStableOffset the partition's last stable offset, -1 when unknown
 * @param abortedTransactions for a read_committed fetch: the aborted transactions overlapping what was read
 *                       (empty if none); null for other fetches, which Kafka answers without the field
 */
public record PartitionFetchResult(TopicIdPartition partition, Errors error, long highWatermark,
                                   long logStartOffset, Records records, EpochEndOffset divergingEpoch,
                                   LogOffsetMetadata fetchStart, int preferredReadReplica, long lastStableOffset,
                                   List<AbortedTransaction> abortedTransactions) {

    public PartitionFetchResult(TopicIdPartition partition, Errors error, long highWatermark, long logStartOffset,
                                Records records, EpochEndOffset divergingEpoch, LogOffsetMetadata fetchStart,
                                int preferredReadReplica) {
        this(partition, error, highWatermark, logStartOffset, records, divergingEpoch, fetchStart,
                preferredReadReplica, -1L, null);
    }

    public PartitionFetchResult(TopicIdPartition partition, Errors error, long highWatermark, long logStartOffset,
                                Records records, EpochEndOffset divergingEpoch, LogOffsetMetadata fetchStart) {
        this(partition, error, highWatermark, logStartOffset, records, divergingEpoch, fetchStart, -1);
    }

    public PartitionFetchResult(TopicIdPartition partition, Errors error, long highWatermark, long logStartOffset,
                                Records records) {
        this(partition, error, highWatermark, logStartOffset, records, null, LogOffsetMetadata.UNKNOWN);
    }

    static PartitionFetchResult error(TopicIdPartition partition, Errors error) {
        return new PartitionFetchResult(partition, error, -1L, -1L, MemoryRecords.EMPTY);
    }

    int sizeInBytes() {
        return records.sizeInBytes();
    }
}
